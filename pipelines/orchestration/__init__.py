"""Dagster wiring that is not an asset: the instance (``instance``) and its event log
(``event_log``), the schedule and sensor (``automation``), the yearly partitions
(``partitions``), the build lock (``locking``), the resources the assets use
(``resources``), the dbt project as Dagster sees it (``dbt_project``) and dbt run in the
build's own process (``dbt_inprocess``). The assets are in ``pipelines.assets``;
``pipelines.definitions`` puts them together."""
