"""Read every kept release into raw tables, for the dbt history models.

Each release is a whole published warehouse; its public facts are copied as they were, with
the release's name, into ``raw_history.<table>``. Releases written by earlier versions of the
project may lack a column added since: the tables are unions by column name, so such a
column is null for them. Nothing here decides what changed; the models do
(``dbt_project/models/history``).
"""

from __future__ import annotations

import duckdb

from pipelines.history.releases import Release

SCHEMA = "raw_history"
# The public facts whose values are kept release by release, and the columns every release
# has (the contract's keys and values, and the submission that produced them), which give the
# tables their shape while no release exists yet.
FACTS: dict[str, str] = {
    "fct_indicator": "year BIGINT, unit_code VARCHAR, level VARCHAR, province_code VARCHAR, "
    "indicator_code VARCHAR, value_kind VARCHAR, value DOUBLE, counts_once BOOLEAN",
    "fct_commune_status": "year BIGINT, province_code VARCHAR, district_code VARCHAR, "
    "commune_code VARCHAR, criteria_met BIGINT, criteria_met_reported INTEGER, "
    "is_ntm BOOLEAN, is_advanced BOOLEAN, is_model BOOLEAN, ntm_year BIGINT, "
    "advanced_year BIGINT, model_year BIGINT",
    "fct_funding": "year BIGINT, unit_code VARCHAR, level VARCHAR, province_code VARCHAR, "
    "source_code VARCHAR, amount_million_vnd DOUBLE",
    "fct_target": "year BIGINT, unit_code VARCHAR, level VARCHAR, province_code VARCHAR, "
    "indicator_code VARCHAR, target DOUBLE, actual DOUBLE, next_year_target DOUBLE",
    "fct_ocop_product": "year BIGINT, unit_code VARCHAR, level VARCHAR, "
    "province_code VARCHAR, product_key VARCHAR, product_name VARCHAR, producer VARCHAR, "
    "stars BIGINT, recognized_on DATE, valid_until DATE",
}
LINEAGE = "source_file VARCHAR, sheet VARCHAR, row_number BIGINT, sha256 VARCHAR"
TABLES = ("releases", *FACTS)


def load_releases(con: duckdb.DuckDBPyConnection, releases: list[Release]) -> dict[str, int]:
    """(Re)write ``raw_history`` from ``releases``; row counts by table."""
    con.execute(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}")
    con.execute(f"""
        CREATE OR REPLACE TABLE {SCHEMA}.releases (
            release_name VARCHAR, release_seq INTEGER, released_at TIMESTAMP,
            released_by VARCHAR, note VARCHAR, version_id VARCHAR, data_years VARCHAR,
            file_path VARCHAR)""")
    for release in releases:
        info = release.info
        con.execute(
            f"INSERT INTO {SCHEMA}.releases VALUES "
            "($1, $2, CAST(CAST($3 AS TIMESTAMPTZ) AT TIME ZONE 'UTC' AS TIMESTAMP), $4, $5, "
            "$6, $7, $8)",
            [release.name, release.seq, release.released_at, info.get("released_by"),
             release.note, info.get("version"), info.get("years"), str(release.file)])
    aliases = []
    try:
        for number, release in enumerate(releases):
            alias = f"ntm_release_{number}"
            literal = str(release.file).replace("'", "''")
            con.execute(f"ATTACH '{literal}' AS {alias} (READ_ONLY)")
            aliases.append((alias, release))
        counts = {"releases": len(releases)}
        for table, columns in FACTS.items():
            empty = (f"SELECT CAST(NULL AS VARCHAR) AS release_name, "
                     f"{_null_columns(columns + ', ' + LINEAGE)} WHERE false")
            parts = [empty] + [
                f"SELECT '{release.name}' AS release_name, * FROM {alias}.marts.{table}"
                for alias, release in aliases if _has_table(con, alias, table)
            ]
            con.execute(f"CREATE OR REPLACE TABLE {SCHEMA}.{table} AS "
                        + " UNION ALL BY NAME ".join(parts))
            counts[table] = con.execute(f"SELECT count(*) FROM {SCHEMA}.{table}").fetchone()[0]
    finally:
        for alias, _ in aliases:
            con.execute(f"DETACH {alias}")
    return counts


def _null_columns(columns: str) -> str:
    return ", ".join(f"CAST(NULL AS {kind}) AS {name}"
                     for name, kind in (c.strip().split(" ", 1) for c in columns.split(",")))


def _has_table(con: duckdb.DuckDBPyConnection, alias: str, table: str) -> bool:
    return con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE database_name = $1 AND schema_name = "
        "'marts' AND table_name = $2", [alias, table]).fetchone()[0] > 0
