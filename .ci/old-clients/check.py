"""Open a published warehouse with the DuckDB client this interpreter has and read every
`marts` and `quality` table, the name-folding macro and the stored descriptions.

Run by .ci/old-clients/run once per pinned old client; the row counts it prints are compared
there with what the project's own client reads. Standard library and duckdb only: the old
clients are installed alone.
"""

import json
import sys

import duckdb

con = duckdb.connect(sys.argv[1], read_only=True)
tables = con.execute(
    "SELECT schema_name, table_name FROM duckdb_tables() "
    "WHERE schema_name IN ('marts', 'quality') ORDER BY 1, 2").fetchall()
counts = {f"{s}.{t}": con.execute(f'SELECT count(*) FROM "{s}"."{t}"').fetchone()[0]
          for s, t in tables}
described = con.execute(
    "SELECT count(*) FROM duckdb_columns() "
    "WHERE schema_name = 'marts' AND comment IS NOT NULL").fetchone()[0]
folded = con.execute("SELECT marts.fold_name('Lạng  Sơn')").fetchone()[0]
print(json.dumps({"client": duckdb.__version__, "tables": counts,
                  "described_columns": described, "folded": folded}, sort_keys=True))
