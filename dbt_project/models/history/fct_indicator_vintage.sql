{{ vintages('fct_indicator',
    ['year', 'unit_code', 'level', 'indicator_code', 'value_kind'],
    ['value']) }}
