{#- A commune's name as compared with the names of the reference list: folded like a search
    (fold_name), without the word `xã` in front, which offices often leave out or shorten
    (`X. Mẫu Sơn`, `X.Mẫu Sơn`). -#}
{% macro commune_name_key(expression) -%}
    regexp_replace({{ fold_name(expression) }}, '^(xa\s+|x\.\s*)', '')
{%- endmacro %}
