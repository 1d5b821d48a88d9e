{#- A name as people type it when they search: lower case, accents removed (đ as d, which
    DuckDB's strip_accents keeps, being a letter of its own rather than d with a mark), runs of
    spaces as one. NFC first, so that a name typed in decomposed form folds the same.
    `dim_admin_unit.name_folded` is this of `name`; the model's post-hook also stores it in
    the warehouse as the SQL macro `marts.fold_name(text)`, so that `ntm units` and any user
    fold a search term by the same rule. -#}
{% macro fold_name(expression) -%}
    trim(regexp_replace(lower(strip_accents(translate(nfc_normalize({{ expression }}), 'Đđ', 'Dd'))), '\s+', ' ', 'g'))
{%- endmacro %}
