{{ vintages('fct_commune_status',
    ['year', 'commune_code'],
    ['province_code', 'district_code', 'criteria_met', 'criteria_met_reported', 'is_ntm',
     'is_advanced', 'is_model', 'ntm_year', 'advanced_year', 'model_year']) }}
