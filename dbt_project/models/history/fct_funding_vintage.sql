{{ vintages('fct_funding',
    ['year', 'unit_code', 'level', 'source_code'],
    ['amount_million_vnd']) }}
