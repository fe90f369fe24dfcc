-- severity: warn
-- fix: Check whether the origin court delivers exports and covers the origin's year; otherwise correct the 原审案号 at the source.
-- Dangling links: the 原审案号 is a valid number but no such case is in the warehouse
-- (a court not delivering, a case before the data start, or a typo). The linking case
-- becomes the root of its own family and is not counted as a dispute (件).
select case_number, origin_case_number, link_kind
from main.case_links
where origin_status = 'unknown'
