{{ vintages('fct_target',
    ['year', 'unit_code', 'level', 'indicator_code'],
    ['target', 'actual', 'next_year_target']) }}
