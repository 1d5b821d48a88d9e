"""Which tables are exported, read from the warehouse itself.

The list comes from ``information_schema`` so that a mart added to the dbt project is exported
without anyone remembering to add it here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

import duckdb

PUBLIC_SCHEMAS = ("marts", "quality")
PARTITION_COLUMN = "year"

# Integer types a hive partition value can stand for; a DOUBLE or text "year" is not split on,
# because the folder names would not read back as the same value.
INTEGER_TYPES = frozenset({
    "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT",
    "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "UHUGEINT",
})


def quote_ident(name: str) -> str:
    """A SQL identifier that survives any name dbt may produce."""
    return '"' + name.replace('"', '""') + '"'


def quote_literal(text: str) -> str:
    """A SQL string literal; COPY takes its file name only as a literal, not a parameter."""
    return "'" + text.replace("'", "''") + "'"


@dataclass(frozen=True)
class Column:
    name: str
    data_type: str


@dataclass(frozen=True)
class Table:
    schema: str
    name: str
    columns: tuple[Column, ...]

    @property
    def sql_name(self) -> str:
        return f"{quote_ident(self.schema)}.{quote_ident(self.name)}"

    @property
    def partitioned(self) -> bool:
        """Split by year: every fact is read one or a few years at a time."""
        return any(c.name == PARTITION_COLUMN and c.data_type in INTEGER_TYPES
                   for c in self.columns)

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)


def _safe_file_name(name: str) -> str:
    # Names become file names; one with a separator would write outside the export.
    if not name or name.startswith(".") or PurePath(name).name != name or "\\" in name:
        raise ValueError(f"cannot export a table or schema named {name!r} as a file")
    return name


def public_tables(con: duckdb.DuckDBPyConnection,
                  schemas: tuple[str, ...] = PUBLIC_SCHEMAS) -> list[Table]:
    """Every table and view of ``schemas`` in the connection's own database, with columns."""
    rows = con.execute(
        """
        SELECT c.table_schema, c.table_name, c.column_name, c.data_type
        FROM information_schema.tables AS t
        JOIN information_schema.columns AS c
          ON c.table_catalog = t.table_catalog AND c.table_schema = t.table_schema
         AND c.table_name = t.table_name
        WHERE t.table_catalog = current_database()
          AND list_contains(?, t.table_schema)
        ORDER BY c.table_schema, c.table_name, c.ordinal_position
        """,
        [list(schemas)],
    ).fetchall()
    columns: dict[tuple[str, str], list[Column]] = {}
    for schema, table, column, data_type in rows:
        columns.setdefault((schema, table), []).append(Column(column, data_type))
    return [Table(_safe_file_name(schema), _safe_file_name(name), tuple(cols))
            for (schema, name), cols in columns.items()]
