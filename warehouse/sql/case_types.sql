-- case_types: the SPC case-type codes with category and instance (reference/case_types.csv).
select case_type, category, instance, name_zh from ref_case_types
