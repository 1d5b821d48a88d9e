{#- The administrative map a reporting year is written in: the three-tier map until the
    reform of 1 July 2025, the two-tier map from the reform year on (year-end reports). The
    year is the project variable `reform_year` (dbt_project.yml). -#}
{% macro map_era(year_column) -%}
    case when {{ year_column }} >= {{ var('reform_year') }} then '2025' else 'legacy' end
{%- endmacro %}
