"""The review marks on quality flags (``reviews.csv`` in the raw folder), read into tables
for ``quality.flags``."""

import dagster as dg

from pipelines.orchestration.resources import BuildDatabase
from pipelines.review.marks import reviews_path
from pipelines.review.store import SCHEMA, load_reviews

DESCRIPTIONS = {
    "flag_reviews": "review.flag_reviews: the marks of reviews.csv (explained, accepted, "
    "open) that quality.flags joins to its flags by flag_key.",
    "review_file_flags": "review.review_file_flags: the rows of reviews.csv left out "
    "(REVIEW_FILE_INVALID), shaped like the ingest's flags.",
}


@dg.multi_asset(
    specs=[
        dg.AssetSpec([SCHEMA, name], group_name="controls", kinds={"duckdb"},
                     description=description)
        for name, description in DESCRIPTIONS.items()
    ],
    can_subset=False,
)
def review_tables(warehouse: BuildDatabase):
    """Rewritten on every build from the review file, which is the record: the marks
    survive any rebuild, and a mark made with ``ntm review`` reaches quality.flags through
    the refresh job without reading the submissions again."""
    path = reviews_path()
    with warehouse.get_connection() as con:
        counts = load_reviews(con, path)
    for name, rows in counts.items():
        yield dg.MaterializeResult(
            asset_key=[SCHEMA, name],
            metadata={"dagster/row_count": rows, "path": str(path)},
        )
