"""Platform habits: how each court's case-management platform writes its export files.

What belongs here: the Habit record (format, encoding, header variant, column set and
order, date styles, title/total rows, quirks such as full-width digits, stray spaces,
thousands separators, Traditional vocabulary, export cadence, file naming) and the
assignment of a habit to every court of a preset. How values are rendered lives in
formatting.py, how bytes are written in writers.py.

Every variant here is one the export spec (spec/export-format.md) allows. Gannan's nine
courts have hand-picked habits that together cover every format, encoding, header
variant and date style; the other courts of the gansu preset reuse those habits
(chosen by court code, stable across seeds) with their own cadence; the national preset
uses one plain habit (UTF-8 CSV, simplified headers, ISO dates, monthly exports) because
it exists to benchmark volume.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, replace

ALL_COLUMNS = (
    "case_number", "filing_date", "closing_date", "disposition", "cause", "procedure", "judge",
    "division", "extension_days", "excluded_days", "origin_case_number", "amount_claimed",
    "amount_recovered", "parties", "updated_at", "court_name",
)
EXTRA_HEADERS = {  # columns the pipeline does not know (kept raw, ignored downstream)
    "seq": {"simplified": "序号", "traditional": "序號", "broken": "序號(号)", "english": "no"},
    "remark": {"simplified": "备注", "traditional": "備註", "broken": "備(备)註(注)", "english": "remark"},
}
DATE_STYLES = ("iso", "slash", "slash_pad", "dot", "cjk", "compact", "iso_time", "excel", "serial")


@dataclass(frozen=True)
class Habit:
    name: str
    format: str = "csv"                 # csv / xlsx / jsonl
    encoding: str | None = "utf-8"      # utf-8 / utf-8-sig / gb18030; None for xlsx
    header: str = "simplified"          # simplified / traditional / broken / english
    columns: tuple[str, ...] = ALL_COLUMNS
    date_style: str = "iso"             # one of DATE_STYLES
    time_style: str = "hms"             # hms (14:23:11) or hm (14:23) after the date of 更新时间
    title: bool = False                 # a title line (CSV) / title row (XLSX) above the header
    blank_after_title: bool = False     # XLSX: an empty row between title and header
    total_row: bool = False             # XLSX: a 合计 row at the end
    total_label: str = "合计"           # its label; Chinese tables often pad it: 合　计
    line_ending: str = "\n"
    cadence: str = "weekly"             # weekly / twice_weekly / monthly
    weekdays: tuple[int, ...] = (4,)    # Monday = 0
    split_by_category: bool = False     # two files a day: _审判 and _执行
    name_suffix: str = ""               # e.g. _案件信息 → 20240105_案件信息.csv
    traditional_values: bool = False    # 结案方式 / 适用程序 in Traditional characters
    fullwidth_share: float = 0.0        # case numbers with full-width digits
    bracket: str = "full"               # full （）, half (), tortoise 〔〕 for some case numbers
    bracket_share: float = 0.0
    zero_pad: int = 0                   # serial padded to this many digits (民初0123号)
    stray_space_share: float = 0.0      # values with stray spaces (also U+3000 inside case numbers and dates)
    amount_style: str = "plain"         # plain / thousands / yuan / number
    zero_days_empty: bool = False       # 延长/扣除审限天数 of 0 written as empty
    header_fullwidth_parens: bool = False
    header_padding: bool = False        # some header names with surrounding spaces
    pending_recovered_empty: bool = False

    @property
    def extension(self) -> str:
        return self.format


_NO_COURT = tuple(c for c in ALL_COLUMNS if c != "court_name")

GANNAN_HABITS = {
    "甘30": Habit("xlsx-serial-cells", format="xlsx", encoding=None, header="simplified",
                 columns=("seq",) + ALL_COLUMNS, date_style="excel", title=True, blank_after_title=True,
                 total_row=True, weekdays=(4,), amount_style="number"),
    "甘3001": Habit("csv-bom-split", encoding="utf-8-sig", header="simplified", date_style="iso",
                   title=True, line_ending="\r\n", weekdays=(4,), split_by_category=True),
    "甘3021": Habit("csv-gb18030-traditional", encoding="gb18030", header="traditional", columns=_NO_COURT,
                   date_style="slash", time_style="hm", line_ending="\r\n", weekdays=(3,),
                   name_suffix="_案件信息", traditional_values=True, bracket="half", bracket_share=0.3,
                   zero_days_empty=True),
    "甘3022": Habit("jsonl-english", format="jsonl", header="english", date_style="compact",
                   weekdays=(0,), amount_style="number"),
    "甘3023": Habit("csv-broken-cjk", header="broken", date_style="cjk", title=True, weekdays=(2,),
                   fullwidth_share=0.25, amount_style="thousands"),
    "甘3024": Habit("xlsx-text-dates", format="xlsx", encoding=None, header="traditional", date_style="dot",
                   time_style="hm", weekdays=(4,), zero_pad=4, amount_style="yuan"),
    "甘3025": Habit("csv-gb18030-spaces", encoding="gb18030", header="simplified", date_style="iso_time",
                   line_ending="\r\n", weekdays=(1,), stray_space_share=0.15, bracket="tortoise",
                   bracket_share=0.1, pending_recovered_empty=True),
    "甘3026": Habit("csv-english-lean", header="english",
                   columns=("case_number", "filing_date", "closing_date", "disposition", "cause", "procedure",
                            "judge", "division", "extension_days", "excluded_days", "origin_case_number",
                            "amount_claimed", "amount_recovered", "remark"),
                   date_style="slash_pad", cadence="twice_weekly", weekdays=(0, 3), header_padding=True),
    "甘3027": Habit("xlsx-raw-serials", format="xlsx", encoding=None, header="broken", date_style="serial",
                   title=True, total_row=True, total_label="合\u3000计", weekdays=(3,), traditional_values=True,
                   header_fullwidth_parens=True, amount_style="number"),
}
_POOL = tuple(GANNAN_HABITS.values())
SIMPLE = Habit("csv-plain-monthly", cadence="monthly", weekdays=())


def habit_for(code: str, preset: str) -> Habit:
    if preset == "national":
        return SIMPLE
    if code in GANNAN_HABITS:
        return GANNAN_HABITS[code]
    h = zlib.crc32(code.encode("utf-8"))
    base = _POOL[h % len(_POOL)]
    if base.cadence == "twice_weekly":
        return replace(base, weekdays=((h >> 8) % 3, 3 + (h >> 8) % 2))
    return replace(base, weekdays=((h >> 8) % 5,))
