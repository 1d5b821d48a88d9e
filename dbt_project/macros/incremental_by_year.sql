{#- Incremental by reporting year, without passing years in --vars (that would invalidate
    dbt's partial parse on every run).

    A year is refreshed when the set of (sha256, loaded_at) behind it has changed: a file
    was added, replaced, superseded or re-read by a newer parser. The pre-hook deletes the
    target's rows of those years; the model then inserts every year the target lacks. A
    year whose submissions all disappeared is deleted and not re-inserted. If the build
    stops between the two steps, the deleted years are missing and the next run fills them.
    `dbt build --full-refresh` rebuilds everything and gives the same rows. -#}

{% macro changed_years(upstream) -%}
    select year from (
        (select distinct year, sha256, loaded_at from {{ upstream }}
         except
         select distinct year, sha256, loaded_at from {{ this }})
        union all
        (select distinct year, sha256, loaded_at from {{ this }}
         except
         select distinct year, sha256, loaded_at from {{ upstream }})
    )
{%- endmacro %}

{% macro delete_changed_years(upstream_name) -%}
    {% if is_incremental() %}
        delete from {{ this }} where year in ({{ changed_years(ref(upstream_name)) }})
    {% else %}
        select 1
    {% endif %}
{%- endmacro %}

{% macro only_missing_years(year_column='year') -%}
    {% if is_incremental() %}
        and {{ year_column }} not in (select distinct year from {{ this }})
    {% endif %}
{%- endmacro %}
