{#- Written here rather than taken from dbt_utils: dbt packages are downloaded from the
    dbt hub at `dbt deps`, and builds must work offline. -#}
{% test unique_combination(model, columns) %}
select {{ columns | join(', ') }}, count(*) as n_rows
from {{ model }}
group by {{ columns | join(', ') }}
having count(*) > 1
{% endtest %}
