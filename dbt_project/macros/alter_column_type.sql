{#- A column whose type a new version changes (`criteria_met_reported` from DOUBLE to
    INTEGER) in an incremental model of an existing warehouse: DuckDB changes it in place,
    keeping the column where it was. dbt's default adds a copy, drops the old column and
    renames the copy, which moves the column to the end of the table, so an upgraded warehouse
    would list its columns in another order than a new one. -#}
{% macro duckdb__alter_column_type(relation, column_name, new_column_type) -%}
    {% call statement('alter_column_type') %}
        alter table {{ relation.render() }} alter column {{ adapter.quote(column_name) }}
            set data type {{ new_column_type }}
    {% endcall %}
{%- endmacro %}
