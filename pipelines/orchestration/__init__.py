"""Dagster wiring that is not an asset: the instance (``instance``), the schedule and sensor
(``automation``), the yearly partitions (``partitions``), the build lock (``locking``), the
resources the assets use (``resources``) and the dbt project as Dagster sees it
(``dbt_project``). The assets are in ``pipelines.assets``; ``pipelines.definitions`` puts
them together."""
