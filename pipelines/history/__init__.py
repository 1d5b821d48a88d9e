"""Official releases of the published warehouse and the history of its figures.

A release is a published warehouse file kept under a name, never pruned
(``releases.py``); the build reads every kept release into raw tables (``load.py``) from which
the dbt models in ``dbt_project/models/history`` compute each value's vintages; ``diff.py``
compares two warehouse files value by value and says why each value changed.
"""
