{#- The administrative map a reporting year is written in: the three-tier map until the
    reform of 1 July 2025, the two-tier map for 2025 and later (year-end reports). -#}
{% macro map_era(year_column) -%}
    case when {{ year_column }} >= 2025 then '2025' else 'legacy' end
{%- endmacro %}
