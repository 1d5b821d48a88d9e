{#- Rows where any of the given columns is null: one check per model for the columns that
    identify and trace a row, instead of one dbt test (and one Dagster check) per column,
    each costing a query and an event. -#}
{% test not_null_columns(model, columns) %}
select *
from {{ model }}
where {% for column in columns %}{{ column }} is null{% if not loop.last %} or {% endif %}{% endfor %}
{% endtest %}
