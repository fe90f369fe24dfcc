-- severity: warn
-- fix: Ask the court to correct the 原审案号 of the listed cases in its export; until then they count as families of their own.
-- Links whose 原审案号 is not a case number (as written in the case's winning version):
-- the case stays in the warehouse as the root of its own family.
select case_number, origin_text
from main.case_links
where origin_status = 'malformed'
