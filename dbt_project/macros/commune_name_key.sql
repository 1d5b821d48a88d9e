{#- A commune's name as compared with the names of the reference list: folded like a search
    (fold_name), without the row's number written before it (`1. Mẫu Sơn`, `2) Yên Khoái`)
    and without the word `xã` in front, which offices often leave out or shorten
    (`X. Mẫu Sơn`, `X.Mẫu Sơn`). No commune's name begins with a digit. -#}
{% macro commune_name_key(expression) -%}
    regexp_replace(regexp_replace({{ fold_name(expression) }}, '^[0-9]{1,3}\s*[.)/:-]\s*', ''),
                   '^(xa\s+|x\.\s*)', '')
{%- endmacro %}
