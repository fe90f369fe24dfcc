-- dispositions: the disposition vocabulary and its indicator groups (reference/dispositions.csv).
select disposition, disposition_group, group_zh from ref_dispositions
