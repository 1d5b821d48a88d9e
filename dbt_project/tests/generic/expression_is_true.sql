{#- Rows for which a boolean SQL expression is false (offline stand-in for dbt_utils'). -#}
{% test expression_is_true(model, expression) %}
select *
from {{ model }}
where not coalesce(({{ expression }}), false)
{% endtest %}
