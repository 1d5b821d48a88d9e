{#- The stable key of a quality flag, which review marks (reviews.csv, review.flag_reviews)
    are matched by: md5 of check_code|year|level|unit_code|indicator_code|sheet|row_number|
    column_name, an absent part written as nothing. It leaves out the file's name and content,
    the message and the values, so that a flag keeps its key across rebuilds and when a
    revision of the same report raises it again on the same cell. -#}
{% macro flag_key(relation_alias=none) -%}
    {%- set prefix = (relation_alias ~ '.') if relation_alias else '' -%}
    {%- set parts = [] -%}
    {%- for column in ['check_code', 'year', 'level', 'unit_code', 'indicator_code', 'sheet',
                       'row_number', 'column_name'] -%}
        {%- do parts.append("coalesce(cast(" ~ prefix ~ column ~ " as varchar), '')") -%}
    {%- endfor -%}
    md5({{ parts | join(" || '|' || ") }})
{%- endmacro %}

{#- A reported value as text, to compare a flag's value (a number) with the one a review mark
    kept (text, as ntm review or a person wrote it): anything that reads as a number is the
    number written one way (a whole number without decimals), other text is kept trimmed,
    and empty is null. Two nulls are the same value (compare with `is not distinct from`). -#}
{% macro review_value_text(expression) -%}
    {%- set number = "try_cast(trim(cast(" ~ expression ~ " as varchar)) as double)" -%}
    case
        when {{ number }} is null then nullif(trim(cast({{ expression }} as varchar)), '')
        when {{ number }} = trunc({{ number }}) and abs({{ number }}) < 1e15
            then cast(cast({{ number }} as bigint) as varchar)
        else cast({{ number }} as varchar)
    end
{%- endmacro %}
