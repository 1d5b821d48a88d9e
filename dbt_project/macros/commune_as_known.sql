{#- A commune's B01 row as the facts read it (int_commune_rows): what its repeats in the same
    submission disagree on (`*_in_doubt`) is unknown, as an unreadable cell is: the criteria
    met null, a level's year null and the level unknown (`*_year_unreadable`), never "not
    reached". Every other column as the row gives it (`is true`: a row given without the
    flags, as in a unit test of a fact, is not in doubt). -#}
{% macro commune_as_known(relation) -%}
    select
        * replace (
            case when criteria_in_doubt is not true then criteria_met end as criteria_met,
            case when reported_in_doubt is not true then criteria_met_reported end
                as criteria_met_reported,
            {%- for level in ['ntm', 'advanced', 'model'] %}
            case when {{ level }}_in_doubt is not true then {{ level }}_year end
                as {{ level }}_year,
            {{ level }}_year_unreadable or {{ level }}_in_doubt is true
                as {{ level }}_year_unreadable,
            {{ level }}_marked and {{ level }}_in_doubt is not true as {{ level }}_marked
            {{- ',' if not loop.last }}
            {%- endfor %}
        )
    from {{ relation }}
{%- endmacro %}
