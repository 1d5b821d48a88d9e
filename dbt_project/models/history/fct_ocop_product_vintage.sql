{{ vintages('fct_ocop_product',
    ['year', 'product_key'],
    ['unit_code', 'product_name', 'producer', 'stars', 'recognized_on', 'valid_until']) }}
