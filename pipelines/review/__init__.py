"""Follow-up of quality flags: the marks a statistician puts on them (``reviews.csv`` at the
root of the raw folder), read into ``review.*`` for the dbt model ``quality.flags``."""

from pipelines.review.marks import REVIEWS_FILE, STATUSES

__all__ = ["REVIEWS_FILE", "STATUSES"]
