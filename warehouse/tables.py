"""Every warehouse table, declared once: name, schema, grain, key, columns, types and the
Chinese and English description of each.

This is the only place a table's shape is written down. DDL and `COMMENT ON` statements
(`warehouse.ddl`), the structural asset checks (`checks.structural`), the data dictionary
(`docs/data_dictionary.md`) and the Dagster asset descriptions are all generated from it.
What belongs here: declarations only — no SQL that computes a table (that lives in
`warehouse/sql/<table>.sql`) and no I/O.

Contract tables live in the default schema `main` and follow `spec/warehouse.md`; tables
in other schemas (`raw`) are internal and may change freely.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # DuckDB type
    zh: str  # 中文名称
    en: str  # English definition
    not_null: bool = False
    # Personal data (spec/warehouse.md "Personal data"): kept in the pipeline's file,
    # never copied into the analysts' published copy.
    personal: bool = False
    # How the published copy shows the column when it may carry personal data inside it:
    # the name of a redaction in warehouse.publish.REDACTIONS (None: copied as is).
    published_as: str | None = None
    # Foreign key: "<table>.<column>" whose values this column's non-NULL values must be
    # among; checks/structural.py generates a blocking check from it.
    references: str | None = None


@dataclass(frozen=True)
class Table:
    name: str
    zh: str
    en: str
    layer: str  # reference / raw / quality / core / mart
    columns: tuple[Column, ...]
    key: tuple[str, ...] | None = None
    schema: str = "main"
    # Column that a partitioned asset replaces as a unit (delete-then-insert).
    partition_column: str | None = None
    # Tables whose rows are history that cannot be rebuilt from the inbox cheaply:
    # their DDL is never dropped to follow a metadata change.
    stateful: bool = False
    contract: bool = True
    # A table of personal data as a whole: never in the analysts' published copy.
    personal: bool = False
    extra: dict = field(default_factory=dict)

    @property
    def published(self) -> bool:
        """In the analysts' copy: contract schema `main` and not personal."""
        return self.schema == "main" and not self.personal

    @property
    def published_columns(self) -> tuple[Column, ...]:
        """The allow-list of columns copied to the analysts' copy (personal ones left out)."""
        return tuple(c for c in self.columns if not c.personal)

    @property
    def qualified(self) -> str:
        return f"{self.schema}.{self.name}"

    @property
    def asset_key(self) -> list[str]:
        """Asset key = table name; non-default schemas prefix it (`raw/case_rows`)."""
        return [self.name] if self.schema == "main" else [self.schema, self.name]

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(f"{self.name} has no column {name}")

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


def C(name, type_, zh, en, not_null=False, personal=False, published_as=None) -> Column:
    """A column used by one table only (or a raw "as written" column)."""
    return Column(name, type_, zh, en, not_null, personal, published_as)


# --- fields: every column name used by more than one table, declared once ----------------
# (PUDL's `fields`: a table lists field names, `F`, and may only tighten NOT NULL or add
# the foreign key that holds for it.) tests/test_metadata.py fails when a column name is
# declared twice with different types or texts, except the homonyms listed below.

FIELDS: dict[str, Column] = {c.name: c for c in (
    C("court_code", "VARCHAR", "法院代字", "Court code as used in case numbers, e.g. 甘3001.", True),
    C("quarter", "VARCHAR", "季度", "Quarter label YYYYQn, e.g. 2024Q1 = 2024-01-01 … 2024-03-31.", True),
    C("case_number", "VARCHAR", "案号", "Normalized case number (NFKC, full-width brackets, no spaces, serial without leading zeros); the case's identity.", True),
    C("as_of_date", "DATE", "统计基准日", "The date the list is computed for (D); pending at D means filed on or before D and not closed by D.", True),
    # provenance: the file and row a record came from
    C("file_path", "VARCHAR", "文件路径", "Path of the file relative to the inbox, forward slashes.", True),
    C("sha256", "VARCHAR", "文件哈希", "SHA-256 of the file's bytes; a file is ingested once per hash.", True),
    C("row_number", "BIGINT", "行号", "1-based data row number in the file (after the header; title and 合计 rows not counted).", True),
    C("export_date", "DATE", "导出日期", "Export date from the file name (YYYYMMDD); NULL when the name has none."),
    # case attributes
    C("case_year", "INTEGER", "收案年度", "Year in the case number."),
    C("case_type", "VARCHAR", "类型代字", "Case-type code (类型代字) from the case number, e.g. 民初."),
    C("category", "VARCHAR", "案件类别", "civil / criminal / administrative / enforcement / preservation / other."),
    C("instance", "VARCHAR", "审级", "first / second / retrial_review / retrial / execution / enforcement_review / other."),
    C("specialized", "VARCHAR", "专门审判代字", "Specialized-trial code (知, 环, …) or NULL; kept in the case number, not in case_type."),
    C("cause", "VARCHAR", "案由", "Cause of action (NFKC, trimmed, Simplified)."),
    C("procedure", "VARCHAR", "适用程序", "Procedure as exported (normalized); NULL when empty (only the time-limit lookup falls back to the type's default)."),
    C("filing_date", "DATE", "立案日期", "Date docketed.", True),
    C("closing_date", "DATE", "结案日期", "Date closed; NULL while pending."),
    C("disposition", "VARCHAR", "结案方式", "Normalized disposition as written (NFKC, trimmed, Simplified), e.g. 准予撤诉."),
    C("disposition_group", "VARCHAR", "结案方式分组", "Vocabulary group: judgment, mediation, withdrawal, dismissal, transfer, termination, upheld, reversed, remanded, appeal_withdrawn, retrial_granted, enforced, terminated_no_assets, not_enforced, or other for unlisted values."),
    C("judge", "VARCHAR", "承办法官", "Judge in charge (trimmed; personal names are never converted)."),
    C("division", "VARCHAR", "承办部门", "Division (normalized)."),
    C("extension_days", "INTEGER", "延长审限天数", "Approved extension of the time limit, days (0 when empty).", True),
    C("excluded_days", "INTEGER", "扣除审限天数", "Days not counted toward the limit (公告, 鉴定, 中止…), 0 when empty.", True),
    C("limit_label", "VARCHAR", "审限", "Statutory limit as a label, e.g. 6 months; NULL when the type has none."),
    C("deadline_date", "DATE", "审限届满日", "filing_date + limit (calendar months clamped to month end, or days) + extension_days + excluded_days; NULL without a limit."),
    C("origin_case_number", "VARCHAR", "原审案号", "Normalized number of the case appealed or enforced; NULL when empty or unparseable."),
    C("amount_claimed", "DECIMAL(18,2)", "申请执行标的金额", "Amount claimed, yuan."),
    C("amount_recovered", "DECIMAL(18,2)", "执行到位金额", "Amount recovered, yuan."),
    C("updated_at", "TIMESTAMP", "更新时间", "Last change on the platform (Asia/Shanghai local time)."),
    C("peer_group", "VARCHAR", "比较组", "Courts ranked against each other: level and parent, e.g. basic:甘30.", True),
    C("root_case_number", "VARCHAR", "纠纷根案号", "Root case of the family (family id): the last case reached by following known origins upward; in a cycle, the smallest case number of the cycle.", True),
    # issued bulletins
    C("report_id", "VARCHAR", "通报编号", "Issued bulletin: <kind>/<period>/v<version>, e.g. quarterly/2024Q3/v1.", True),
    C("kind", "VARCHAR", "通报类型", "Kind of the bulletin: quarterly (季度通报).", True),
    C("period", "VARCHAR", "统计期间", "The period the bulletin reports, e.g. 2024Q3.", True),
    C("indicator", "VARCHAR", "指标", "Indicator: a column name of the source table (court_quarter_performance …), or composite.", True),
    C("numerator", "DOUBLE", "分子", "For rates: the numerator behind the value."),
    C("denominator", "DOUBLE", "分母", "For rates: the denominator behind the value."),
    # rankings and the lists the bulletin prints
    C("rank", "INTEGER", "排名", "Standard competition rank among the ranked courts of the peer group, 1 = best (target_range: by distance from the range, 0 inside); ties at 6 decimals; NULL when not ranked (see unranked_reason)."),
    C("peer_count", "INTEGER", "可比法院数", "Courts of the group with a value and at least the indicator's minimum sample (the courts compared); 0 in a group below the minimum size.", True),
    C("range_low", "DOUBLE", "合理区间下限", "Configured reasonable range, low end; NULL when none."),
    C("range_high", "DOUBLE", "合理区间上限", "Configured reasonable range, high end; NULL when none."),
    C("range_status", "VARCHAR", "区间状态", "below / within / above the reasonable range, compared with the tolerance of ranking_rules.csv; NULL when none configured."),
    C("ci_low", "DOUBLE", "95%置信区间下限", "Wilson 95 % interval of a rate indicator, low end."),
    C("ci_high", "DOUBLE", "95%置信区间上限", "Wilson 95 % interval of a rate indicator, high end."),
    C("vs_peer", "VARCHAR", "与组均值比较", "above / below when the peer mean lies outside the court's 95 % interval by more than the tolerance, not_distinguishable otherwise; NULL for non-rates."),
    C("days_remaining", "INTEGER", "剩余天数", "deadline_date − as_of_date (negative when overdue).", True),
    C("tier", "VARCHAR", "预警级别", "超期 (overdue) / 督办 (0–5 days) / 催办 (6–15 days) / 提示 (16–30 days, or ⅔ of the allowed period elapsed); the day ranges and the ⅔ share are the defaults of warehouse/reference/alert_thresholds.csv.", True),
    C("tier_rank", "INTEGER", "预警级别序", "1 超期, 2 督办, 3 催办, 4 提示 (for sorting).", True),
    C("age_days", "INTEGER", "已立案天数", "as_of_date − filing_date.", True),
    C("tier_months", "INTEGER", "长期未结档次", "12, 18 or 36: the largest tier whose months have fully passed since filing.", True),
)}

# The same name for different things (each kept: contract names, or meanings that differ).
HOMONYMS = {
    "closed_within_limit": "cases: BOOLEAN for one case; the performance tables: the count of such cases.",
    "category": "cases and case_types: the case's category; performance tables and issued figures: the row's category, including `all`.",
    "as_of_date": "alerts and long-pending lists: the date computed for; issued_reports: the latest export date the bulletin was issued on.",
    "procedure": "time_limits: the procedure a limit applies to ('' when one limit); cases: the procedure exported.",
    "cases": "case_families: a count of cases; restatements: the list of cases behind a change.",
    "depth": "case_links: this case's depth; case_families: the family's largest depth.",
    "derived_cases": "case_families: one family's; matter-ratio tables: summed over the period's disputes.",
    "source": "time_limits: the legal source; issued figures: the mart a number came from.",
    "value": "rankings: the indicator's value (composite: the weighted score); issued_figures: the number as issued.",
    "unranked_reason": "courts and judges are left unranked for different reasons (peer group size applies to courts only).",
}


def F(name: str, *, not_null: bool | None = None, references: str | None = None) -> Column:
    """The declared field `name` as a table's column: it may be made NOT NULL or given the
    foreign key that holds in this table; its type and texts never change."""
    c = FIELDS[name]
    changes = {}
    if not_null is not None:
        changes["not_null"] = not_null
    if references is not None:
        changes["references"] = references
    return replace(c, **changes) if changes else c


COURT_CODE = F("court_code")
QUARTER = F("quarter")
CASE_NUMBER = F("case_number")
AS_OF = F("as_of_date")

RAW_FIELDS = (
    ("case_number", "案号", "Case number as written."),
    ("filing_date", "立案日期", "Filing date as written."),
    ("closing_date", "结案日期", "Closing date as written."),
    ("disposition", "结案方式", "Disposition as written."),
    ("cause", "案由", "Cause of action as written."),
    ("procedure", "适用程序", "Procedure as written."),
    ("judge", "承办法官", "Judge in charge as written."),
    ("division", "承办部门", "Division as written."),
    ("extension_days", "延长审限天数", "Approved extension in days as written."),
    ("excluded_days", "扣除审限天数", "Excluded days as written."),
    ("origin_case_number", "原审案号", "Origin case number as written."),
    ("amount_claimed", "申请执行标的金额", "Amount claimed (yuan) as written."),
    ("amount_recovered", "执行到位金额", "Amount recovered (yuan) as written."),
    ("parties", "当事人", "Parties as written (personal data)."),
    ("updated_at", "更新时间", "Last change on the platform as written."),
    ("court_name", "法院名称", "Court name as written."),
)

# Raw fields that are personal data (spec/warehouse.md "Personal data").
PERSONAL_FIELDS = frozenset({"parties"})

# Case attributes that case_versions and cases share.
CASE_FIELDS = {n: F(n) for n in (
    "case_year", "case_type", "specialized", "cause", "procedure", "filing_date", "closing_date", "disposition",
    "disposition_group", "judge", "division", "extension_days", "excluded_days", "origin_case_number",
    "amount_claimed", "amount_recovered",
)}

PERFORMANCE_COLUMNS = (
    COURT_CODE,
    QUARTER,
    C("category", "VARCHAR", "案件类别", "`all` or a case-type category (civil, criminal, administrative, enforcement, preservation, other); a case whose type is not in case_types counts under other.", True),
    C("period_start", "DATE", "统计期间起", "First day of the period.", True),
    C("period_end", "DATE", "统计期间止", "Last day of the period.", True),
    C("carried_over", "BIGINT", "旧存", "Filed before period_start and pending at start (closing_date NULL or ≥ start).", True),
    C("received", "BIGINT", "新收", "filing_date in the period.", True),
    C("closed", "BIGINT", "已结", "closing_date in the period.", True),
    C("pending_end", "BIGINT", "未结", "Filed ≤ end and (closing_date NULL or > end); always carried_over + received − closed.", True),
    C("closure_to_filing_ratio", "DOUBLE", "结收比", "closed / received (CEPEJ clearance rate ÷ 100); NULL when received = 0."),
    C("closure_rate", "DOUBLE", "结案率", "closed / (carried_over + received)."),
    C("closed_with_limit", "BIGINT", "有审限结案数", "Closed cases whose type has a statutory time limit.", True),
    C("closed_within_limit", "BIGINT", "审限内结案数", "Of closed_with_limit, cases closed on or before their deadline.", True),
    C("within_limit_rate", "DOUBLE", "法定审限内结案率", "closed_within_limit / closed_with_limit."),
    C("avg_duration_days", "DOUBLE", "平均审理天数", "Mean duration_days of closed cases."),
    C("median_duration_days", "DOUBLE", "审理天数中位数", "Median duration_days of closed cases (mean of the two middle values for an even count)."),
    C("long_pending_12m", "BIGINT", "超12个月未结案件数", "Pending at end and filed more than 12 calendar months before end.", True),
    C("long_pending_18m", "BIGINT", "超18个月未结案件数", "Pending at end and filed more than 18 calendar months before end.", True),
    C("long_pending_36m", "BIGINT", "超36个月未结案件数", "Pending at end and filed more than 36 calendar months before end.", True),
    C("long_pending_12m_share", "DOUBLE", "超12个月未结案件占比", "long_pending_12m / pending_end."),
    C("civil_first_closed", "BIGINT", "民初结案数", "民初 closed in the period (denominator of mediation_withdrawal_rate).", True),
    C("mediation_withdrawal", "BIGINT", "调撤结案数", "民初 closed with disposition group mediation or withdrawal.", True),
    C("mediation_withdrawal_rate", "DOUBLE", "调撤率", "民初 closed with disposition group mediation or withdrawal / 民初 closed."),
    C("first_instance_closed", "BIGINT", "一审结案数", "First-instance cases (民初, 刑初, 行初) closed in the period (denominator of the appeal and reversal rates).", True),
    C("appealed", "BIGINT", "被上诉案件数", "Of those, cases with at least one appeal (民终/刑终/行终 at any court).", True),
    C("appeal_rate", "DOUBLE", "上诉率", "First-instance cases (民初, 刑初, 行初) closed in the period with at least one appeal (民终/刑终/行终 at any court whose origin_case_number is the case) / first-instance cases closed."),
    C("first_instance_acceptance_rate", "DOUBLE", "一审服判息诉率", "1 − appeal_rate."),
    C("reversed_remanded", "BIGINT", "被改判发回案件数", "First-instance cases closed in the period whose appeal closed as reversed or remanded.", True),
    C("reversed_remanded_rate", "DOUBLE", "一审被改判发回率", "First-instance cases closed in the period whose appeal closed as reversed or remanded / first-instance cases closed."),
    C("enforcement_recovery_rate", "DOUBLE", "执行到位率", "Σ amount_recovered / Σ amount_claimed over 执 and 执恢 closed with amount_claimed > 0 (NULL recovered counts as 0)."),
    C("enforcement_closed", "BIGINT", "执行结案数", "执 and 执恢 closed in the period.", True),
    C("enforcement_enforced", "BIGINT", "执行完毕数", "Of those, closed as enforced (执行完毕).", True),
    C("enforcement_completion_rate", "DOUBLE", "执行完毕率", "执 and 执恢 closed as enforced / 执 and 执恢 closed."),
    C("first_enforcement_closed", "BIGINT", "首执结案数", "执 closed in the period.", True),
    C("first_enforcement_no_assets", "BIGINT", "首执终本数", "Of those, closed as terminated_no_assets (终本).", True),
    C("first_enforcement_no_assets_rate", "DOUBLE", "首执终本率", "执 closed as terminated_no_assets / 执 closed."),
    C("first_enforcement_avg_days", "DOUBLE", "首执案件平均用时", "Mean duration_days of 执 closed."),
    C("judges", "BIGINT", "结案法官数", "Distinct judges with at least one closure.", True),
    C("closed_per_judge", "DOUBLE", "法官人均结案数", "closed / judges."),
    C("disposition_time_days", "DOUBLE", "处置时间（CEPEJ）", "Days in period × pending_end / closed (days in period = end − start + 1)."),
)

# The as-of lists (weekly) and their quarter-end twins share these columns.
ALERT_COLUMNS = (
    AS_OF, CASE_NUMBER, COURT_CODE, F("judge"), F("case_type"), F("filing_date"),
    F("deadline_date", not_null=True), F("days_remaining"), F("tier"), F("tier_rank"),
)
LONG_PENDING_COLUMNS = (
    AS_OF, CASE_NUMBER, COURT_CODE, F("judge"), F("case_type"), F("filing_date"), F("age_days"), F("tier_months"),
)

PERFORMANCE = {c.name: c for c in PERFORMANCE_COLUMNS}


TABLES: tuple[Table, ...] = (
    # --- reference -------------------------------------------------------------------
    Table(
        "courts", "法院名录", "One row per registered court (the court registry, from warehouse/reference/courts/<registry>.csv).",
        "reference",
        (
            COURT_CODE,
            C("court_name", "VARCHAR", "法院全称", "Full name, e.g. 合作市人民法院.", True),
            C("short_name", "VARCHAR", "法院简称", "Short name, e.g. 合作法院.", True),
            C("level", "VARCHAR", "法院层级", "supreme / high / intermediate / basic / special.", True),
            C("parent_code", "VARCHAR", "上级法院代字", "Court code of the supervising court (甘30 for Gannan's basic courts)."),
            C("division_code", "VARCHAR", "行政区划代码", "Administrative-division code the court code derives from, e.g. 623001."),
            F("peer_group"),
        ),
        key=("court_code",),
    ),
    Table(
        "case_types", "案件类型", "One row per case-type code (类型代字) of the SPC standard.",
        "reference",
        (
            F("case_type", not_null=True),
            F("category", not_null=True),
            F("instance", not_null=True),
            C("name_zh", "VARCHAR", "类型名称", "Chinese name of the case type.", True),
        ),
        key=("case_type",),
    ),
    Table(
        "time_limits", "法定审限", "Statutory time limits, one row per case type and procedure (spec/time-limits.md).",
        "reference",
        (
            F("case_type", not_null=True, references="case_types.case_type"),
            C("procedure", "VARCHAR", "适用程序", "Procedure the limit applies to; empty string when the type has one limit. 再 types use 一审程序/二审程序 after the instance retried.", True),
            C("is_default", "BOOLEAN", "默认程序", "True for the limit used when the export gives no (or an unknown) procedure.", True),
            C("limit_value", "INTEGER", "审限数值", "Length of the limit.", True),
            C("limit_unit", "VARCHAR", "审限单位", "month (calendar months, clamped to month end) or day.", True),
            F("limit_label", not_null=True),
            C("source", "VARCHAR", "法律依据", "Legal source of the limit.", True),
        ),
        key=("case_type", "procedure"),
    ),
    Table(
        "dispositions", "结案方式词表", "Disposition vocabulary: each normalized value and its indicator group.",
        "reference",
        (
            F("disposition", not_null=True),
            F("disposition_group", not_null=True),
            C("group_zh", "VARCHAR", "分组名称", "Chinese name of the group.", True),
        ),
        key=("disposition",),
    ),
    # --- raw ---------------------------------------------------------------------------
    Table(
        "case_rows", "原始案件行", "Every data row of every accepted file, as text, with its file and row number. Holds personal data (parties); internal.",
        "raw",
        (
            F("sha256"),
            F("file_path"),
            F("row_number"),
            *(C(n, "VARCHAR", zh, en, personal=n in PERSONAL_FIELDS) for n, zh, en in RAW_FIELDS),
            C("extra", "JSON", "其他列", "Unknown extra columns of the row as a JSON object (kept, ignored downstream)."),
        ),
        key=("sha256", "row_number"),
        schema="raw",
        stateful=True,
        contract=False,
        personal=True,
    ),
    Table(
        "pending_changes", "待重算变更",
        "One row per build of cases that changed a quarterly figure the quarterly marts may not have taken in "
        "yet, written in the same transaction as the cases, so a run killed after that commit still leaves it. "
        "`courts run` rebuilds the quarters from the earliest of them, for the courts they name, and deletes the "
        "rows it read once its quarterly run has succeeded (pipelines/incremental.py). Internal.",
        "core",
        (
            C("run_id", "VARCHAR", "运行编号", "The Dagster run whose core step built the cases.", True),
            C("recorded_at", "TIMESTAMP", "记录时间", "When the build wrote its tables.", True),
            C("affected_from", "DATE", "影响起始日", "The earliest date from which a quarterly figure can differ "
              "after the build (warehouse/affected.py); NULL when every quarter can (a whole rebuild)."),
            C("court_codes", "VARCHAR[]", "影响法院", "The courts whose per-court quarterly figures can differ after the "
              "build: those of the changed cases, of the cases a changed appeal is an appeal of, and of the roots "
              "of changed 案件比 families (warehouse/affected.py); NULL when every court's can (a whole rebuild, "
              "a court not found, or a row written before this column existed)."),
        ),
        key=("run_id",),
        schema="raw",
        stateful=True,
        contract=False,
    ),
    # --- quality -----------------------------------------------------------------------
    Table(
        "ingested_files", "导入文件登记", "One row per file seen in the inbox, with its status and row reconciliation (rows_read = rows_loaded + rows_rejected); court_code is the court folder the file came from, which may be unregistered for a rejected file.",
        "quality",
        (
            F("file_path"),
            F("court_code"),
            F("sha256"),
            C("size_bytes", "BIGINT", "文件大小", "Size in bytes.", True),
            C("modified_at", "TIMESTAMP", "文件修改时间", "The file's modification time (Asia/Shanghai) when recorded; with the size, how a changed file is noticed without re-hashing the inbox."),
            F("export_date"),
            C("file_format", "VARCHAR", "文件格式", "csv / xlsx / jsonl."),
            C("encoding", "VARCHAR", "编码", "Detected text encoding (utf-8, utf-8-sig, gb18030) for CSV/JSONL."),
            C("header_variant", "VARCHAR", "表头形式", "simplified / traditional / broken / english / mixed."),
            C("rows_read", "BIGINT", "读取行数", "Data rows read (after the header; title and 合计 rows excluded).", True),
            C("rows_loaded", "BIGINT", "入库行数", "Rows accepted into case_versions.", True),
            C("rows_rejected", "BIGINT", "拒收行数", "Rows sent to rejected_rows.", True),
            C("status", "VARCHAR", "状态", "loaded / partially_loaded / rejected / duplicate.", True),
            C("error", "VARCHAR", "错误", "Why a file was rejected (or which file it duplicates)."),
            C("duplicate_of", "VARCHAR", "重复于", "For duplicates: the file_path of the earlier file with the same bytes."),
            C("ingested_at", "TIMESTAMP", "导入时间", "When the pipeline recorded the file.", True),
        ),
        key=("file_path",),
        stateful=True,
    ),
    Table(
        "rejected_rows", "拒收行", "One row per rejected input row with every reason that applies; the row as read is kept in raw_record.",
        "quality",
        (
            F("file_path"),
            F("sha256"),
            F("row_number"),
            C("raw_record", "VARCHAR", "原始记录", "JSON object of the row as read, keyed by the file's own header names. The analysts' copy keeps only the fields the export format names, less personal ones (当事人), and withholds the values of rows that could not be split into columns; the pipeline's file keeps the full record.", True, published_as="raw_record_of_named_fields"),
            C("reasons", "VARCHAR[]", "拒收原因", "Reason codes: invalid_case_number, court_mismatch, missing_required, unparseable_filing_date, unparseable_closing_date, future_date, closing_before_filing, negative_days, unparseable_days, days_out_of_range, negative_amount, amount_out_of_range, malformed_row, unknown_case_type (warehouse/reference/reject_reasons.csv).", True),
        ),
        key=("file_path", "row_number"),
        stateful=True,
    ),
    # --- core ----------------------------------------------------------------------------
    Table(
        "case_versions", "案件版本", "Every accepted version of every case row, typed and normalized, with the file and row it came from (history; cases is derived from it). No personal data.",
        "core",
        (
            CASE_NUMBER,
            F("court_code", references="courts.court_code"),
            CASE_FIELDS["case_year"],
            CASE_FIELDS["case_type"],
            CASE_FIELDS["specialized"],
            CASE_FIELDS["cause"],
            CASE_FIELDS["procedure"],
            CASE_FIELDS["filing_date"],
            CASE_FIELDS["closing_date"],
            CASE_FIELDS["disposition"],
            CASE_FIELDS["disposition_group"],
            CASE_FIELDS["judge"],
            CASE_FIELDS["division"],
            CASE_FIELDS["extension_days"],
            CASE_FIELDS["excluded_days"],
            CASE_FIELDS["origin_case_number"],
            CASE_FIELDS["amount_claimed"],
            CASE_FIELDS["amount_recovered"],
            F("updated_at"),
            F("export_date"),
            F("file_path"),
            F("sha256"),
            F("row_number"),
            C("warnings", "VARCHAR[]", "警告", "Accepted-with-warning codes, e.g. unknown_disposition, invalid_origin_case_number."),
        ),
        key=("sha256", "row_number"),
        stateful=True,
    ),
    Table(
        "cases", "案件", "One row per case, its latest state (latest 更新时间, then export date, then row), with its statutory deadline and duration.",
        "core",
        (
            CASE_NUMBER,
            F("court_code", references="courts.court_code"),
            CASE_FIELDS["case_year"],
            CASE_FIELDS["case_type"],
            CASE_FIELDS["specialized"],
            F("category"),
            F("instance"),
            CASE_FIELDS["cause"],
            CASE_FIELDS["procedure"],
            CASE_FIELDS["filing_date"],
            CASE_FIELDS["closing_date"],
            CASE_FIELDS["disposition"],
            CASE_FIELDS["disposition_group"],
            CASE_FIELDS["judge"],
            CASE_FIELDS["division"],
            CASE_FIELDS["extension_days"],
            CASE_FIELDS["excluded_days"],
            F("limit_label"),
            F("deadline_date"),
            C("closed_within_limit", "BOOLEAN", "审限内结案", "closing_date ≤ deadline_date; NULL while pending or without a limit."),
            C("duration_days", "INTEGER", "审理天数", "closing_date − filing_date − excluded_days; NULL while pending."),
            CASE_FIELDS["origin_case_number"],
            CASE_FIELDS["amount_claimed"],
            CASE_FIELDS["amount_recovered"],
            C("first_file", "VARCHAR", "首次出现文件", "File of the case's earliest accepted version.", True),
            C("last_file", "VARCHAR", "最新版本文件", "File of the winning (latest) version.", True),
            C("last_row_number", "BIGINT", "最新版本行号", "Data row of last_file the winning version came from.", True),
            F("updated_at"),
            C("versions", "BIGINT", "版本数", "Accepted versions of the case.", True),
        ),
        key=("case_number",),
    ),
    Table(
        "case_parties", "案件当事人", "Parties of each case from its latest version (personal data: never shown in reports; the analysts' copy holds case_number and position only).",
        "core",
        (
            F("case_number", references="cases.case_number"),
            C("party", "VARCHAR", "当事人", "One party's name (split on ；). Personal data: not in the analysts' copy.", True, personal=True),
            C("position", "INTEGER", "顺序", "1-based position in the exported list.", True),
        ),
        key=("case_number", "position"),
    ),
    # --- marts ---------------------------------------------------------------------------
    Table(
        "court_quarter_performance", "法院季度审判执行指标", "One row per court × quarter × category (`all` for every registered court; a category when it had carried_over + received > 0). A registered court without cases in the quarter has a zero `all` row (counts 0, rates NULL), added by one anti-join: only courts with cases are aggregated, so the cost follows the data, not the registry. Definitions: spec/warehouse.md.",
        "mart",
        PERFORMANCE_COLUMNS,
        key=("court_code", "quarter", "category"),
        partition_column="quarter",
    ),
    Table(
        "court_ytd_performance", "法院年度累计审判执行指标", "Same columns as court_quarter_performance for the year to date (Jan 1 to the quarter's end), labelled by the quarter it ends.",
        "mart",
        PERFORMANCE_COLUMNS,
        key=("court_code", "quarter", "category"),
        partition_column="quarter",
    ),
    Table(
        "court_quarter_rankings", "法院季度指标排名", "One row per quarter × court × ranked indicator (plus composite) over the `all` rows, ranked within the court's peer group, with range status, confidence interval and change. A court whose every indicator is NULL (no cases) is never ranked: its rows copy one computed stand-in's (NULL value, zero counts) with its own group size, peer statistics and previous rank.",
        "mart",
        (
            QUARTER,
            F("peer_group"),
            F("court_code", references="courts.court_code"),
            F("indicator"),
            C("value", "DOUBLE", "指标值", "The indicator's value (for composite: the weighted mean score)."),
            C("direction", "VARCHAR", "指标方向", "higher_better / lower_better / target_range (best inside the reasonable range, or at the target when none is configured); declared in warehouse/reference/indicators.csv.", True),
            F("rank"),
            F("peer_count"),
            C("group_size", "INTEGER", "比较组法院数", "Registered courts in the peer group.", True),
            C("unranked_reason", "VARCHAR", "未排名原因", "NULL when ranked; no_value (no value), small_group (peer group below min_peer_group of ranking_rules.csv, default 3), small_sample (denominator below the indicator's min_sample) or few_peers (fewer than min_peer_group courts of the group left to rank: rank 1 of 1 compares nothing)."),
            C("peer_mean", "DOUBLE", "组均值", "Mean of the compared courts' values."),
            C("peer_median", "DOUBLE", "组中位数", "Median of the compared courts' values."),
            C("score", "DOUBLE", "得分", "100 × (best − badness) / (worst − best) within the compared courts, badness = −value, value or distance from the range; 100 when all equal; NULL when not ranked."),
            C("previous_rank", "INTEGER", "上期排名", "Rank in the previous quarter."),
            C("rank_change", "INTEGER", "排名变化", "previous_rank − rank (positive = improved)."),
            C("standing", "VARCHAR", "优劣势", "strength (rank ≤ ⌈n/3⌉ and value not outside its range), weakness (rank > n − ⌈n/3⌉, n ≥ 3) or middle; n = peer_count; NULL when not ranked."),
            F("range_low"),
            F("range_high"),
            F("range_status"),
            F("numerator"),
            F("denominator"),
            F("ci_low"),
            F("ci_high"),
            F("vs_peer"),
            C("previous_value", "DOUBLE", "上期值", "Value in the previous quarter (环比基数)."),
            C("qoq_change", "DOUBLE", "环比变化", "value − previous_value."),
            C("last_year_value", "DOUBLE", "去年同期值", "Value in the same quarter a year before (同比基数)."),
            C("yoy_change", "DOUBLE", "同比变化", "value − last_year_value."),
        ),
        key=("quarter", "court_code", "indicator"),
        partition_column="quarter",
    ),
    Table(
        "judge_quarter_performance", "法官季度审判指标", "One row per court × judge × quarter (judges with any case received, closed or pending in the quarter; cases without a judge are not attributed).",
        "mart",
        (
            F("court_code", references="courts.court_code"),
            F("judge", not_null=True),
            QUARTER,
            PERFORMANCE["received"],
            PERFORMANCE["closed"],
            PERFORMANCE["pending_end"],
            PERFORMANCE["closed_with_limit"],
            PERFORMANCE["closed_within_limit"],
            PERFORMANCE["within_limit_rate"],
            C("within_limit_ci_low", "DOUBLE", "审限内结案率95%区间下限", "Wilson 95 % interval of within_limit_rate, low end (0 exactly when none within limit)."),
            C("within_limit_ci_high", "DOUBLE", "审限内结案率95%区间上限", "Wilson 95 % interval of within_limit_rate, high end (1 exactly when all within limit)."),
            PERFORMANCE["avg_duration_days"],
            PERFORMANCE["long_pending_12m"],
            C("overdue_pending", "BIGINT", "超审限未结案件数", "Pending at end and past their deadline_date.", True),
            PERFORMANCE["civil_first_closed"],
            PERFORMANCE["mediation_withdrawal"],
            PERFORMANCE["mediation_withdrawal_rate"],
            C("mediation_withdrawal_ci_low", "DOUBLE", "调撤率95%区间下限", "Wilson 95 % interval of mediation_withdrawal_rate, low end."),
            C("mediation_withdrawal_ci_high", "DOUBLE", "调撤率95%区间上限", "Wilson 95 % interval of mediation_withdrawal_rate, high end."),
            C("unranked_reason", "VARCHAR", "未排名原因", "NULL when ranked; no_value (no closed case with a limit), small_sample (fewer than judge_min_sample of within_limit_rate in indicators.csv, default 10) or few_peers (fewer than min_peer_group of ranking_rules.csv, default 3, judges of the court left to rank)."),
            C("rank_in_court", "INTEGER", "院内排名", "Competition rank by within_limit_rate among the court's judges with at least the minimum sample, when there are at least min_peer_group of them (1 = best); NULL when not ranked (see unranked_reason)."),
        ),
        key=("court_code", "judge", "quarter"),
        partition_column="quarter",
    ),
    Table(
        "deadline_alerts", "审限预警", "Pending cases with a statutory limit that are overdue or near their deadline as of a date (周提醒), in the most severe tier only.",
        "mart",
        ALERT_COLUMNS,
        key=("as_of_date", "case_number"),
        partition_column="as_of_date",
    ),
    Table(
        "long_pending_cases", "长期未结案件", "Cases pending at a date that were filed more than 12 months before it, with the largest tier (12/18/36 months) that applies.",
        "mart",
        LONG_PENDING_COLUMNS,
        key=("as_of_date", "case_number"),
        partition_column="as_of_date",
    ),
    # --- the lists the quarterly bulletin prints, one table each (reproducible with SQL) ---
    Table(
        "quarter_end_long_pending", "季末长期未结案件", "The long-pending list of the quarterly bulletin: one row per quarter × case pending at the quarter's last day and filed more than 12 calendar months before it (the long_pending_cases list as of period_end; per court it adds up to long_pending_12m of court_quarter_performance).",
        "mart",
        (
            QUARTER,
            *LONG_PENDING_COLUMNS,
        ),
        key=("quarter", "case_number"),
        partition_column="quarter",
    ),
    Table(
        "quarter_end_deadline_alerts", "季末审限预警", "The deadline alerts as of each quarter's last day, in the most severe tier only: tier 超期 is the overdue list of the quarterly bulletin, all tiers its workbook sheet 审限预警.",
        "mart",
        (
            QUARTER,
            *ALERT_COLUMNS,
        ),
        key=("quarter", "case_number"),
        partition_column="quarter",
    ),
    Table(
        "court_quarter_standings", "法院季度优势弱势指标", "The indicators each court's profile in the quarterly bulletin lists: one row per quarter × court × indicator × list — strength (优势指标), weakness (弱势指标) or outside_range (合理区间外) — taken from court_quarter_rankings (the composite score is not listed).",
        "mart",
        (
            QUARTER,
            COURT_CODE,
            F("indicator"),
            C("list_kind", "VARCHAR", "所列清单", "strength (standing strength: rank in the best third and not outside the range), weakness (standing weakness) or outside_range (range_status below or above).", True),
            C("sort_order", "INTEGER", "指标序号", "The indicator's sort_order in indicators.csv (the order the bulletin lists them in).", True),
            C("value", "DOUBLE", "指标值", "The indicator's value.", True),
            F("rank"),
            F("peer_count"),
            F("range_low"),
            F("range_high"),
            F("range_status"),
            F("denominator"),
            F("ci_low"),
            F("ci_high"),
            F("vs_peer"),
        ),
        key=("quarter", "court_code", "indicator", "list_kind"),
        partition_column="quarter",
    ),
)

# --- 案件比 (case linkage) — docs/matter_ratio.md ------------------------------------------

MATTER_RATIO_DOC = "docs/matter_ratio.md"
LINK_KINDS = "appeal, retrial_review, retrial, enforcement, enforcement_restoration, enforcement_review or other (warehouse/reference/link_kinds.csv)"

MATTER_RATIO_COLUMNS = (
    COURT_CODE,
    QUARTER,
    PERFORMANCE["period_start"],
    PERFORMANCE["period_end"],
    C("matters", "BIGINT", "件（纠纷数）", f"Originating root cases filed in the period at the court (first-instance cases and 执 of non-litigation instruments naming no origin); denominator of matter_ratio ({MATTER_RATIO_DOC}).", True),
    C("case_numbers", "BIGINT", "案（案号数）", f"matters + derived_cases: every case number of those disputes' families filed by period_end; numerator of matter_ratio ({MATTER_RATIO_DOC}).", True),
    C("derived_cases", "BIGINT", "衍生案件数", "Cases linked (at any depth, at any court) to a dispute counted in matters and filed by period_end.", True),
    C("matter_ratio", "DOUBLE", "案件比", f"case_numbers / matters (case numbers per dispute, printed 1 : x; 1 is ideal); NULL when matters = 0 ({MATTER_RATIO_DOC} §Formula)."),
    C("derived_appeal", "BIGINT", "衍生上诉案件数", "Of derived_cases, appeals (民终/刑终/行终/民辖终).", True),
    C("derived_retrial_review", "BIGINT", "衍生申请再审审查案件数", "Of derived_cases, retrial reviews (民申/刑申/行申).", True),
    C("derived_retrial", "BIGINT", "衍生再审案件数", "Of derived_cases, retrials (民再/刑再/行再).", True),
    C("derived_enforcement", "BIGINT", "衍生执行案件数", "Of derived_cases, first enforcement of a judgment (执 naming an origin).", True),
    C("derived_enforcement_restoration", "BIGINT", "衍生恢复执行案件数", "Of derived_cases, resumed enforcement (执恢).", True),
    C("derived_enforcement_review", "BIGINT", "衍生执行异议复议监督案件数", "Of derived_cases, enforcement objections, reconsiderations and supervision (执异/执复/执监).", True),
    C("derived_other", "BIGINT", "其他衍生案件数", "Of derived_cases, every other type naming an origin (监督, 抗诉, 保全, …).", True),
    C("matters_with_derived", "BIGINT", "产生衍生案件的纠纷数", "Of matters, disputes with at least one derived case filed by period_end; numerator of derived_matter_share.", True),
    C("derived_matter_share", "DOUBLE", "纠纷衍生率", f"matters_with_derived / matters; NULL when matters = 0 ({MATTER_RATIO_DOC})."),
)

MATTER_TABLES: tuple[Table, ...] = (
    Table(
        "case_links", "案件关联", f"One row per case naming an origin case (原审案号): the link, whether the origin is a case of the warehouse, and the root of the case's family ({MATTER_RATIO_DOC}).",
        "core",
        (
            F("case_number", references="cases.case_number"),
            COURT_CODE,
            F("case_type"),
            F("filing_date"),
            C("origin_text", "VARCHAR", "原审案号原文", "原审案号 as written in the case's winning version.", True),
            F("origin_case_number"),
            C("origin_status", "VARCHAR", "原审案号状态", "known (a case of the warehouse) / unknown (a valid number the warehouse does not hold) / malformed (not a case number).", True),
            C("origin_known", "BOOLEAN", "原审案件在库", "origin_status = known.", True),
            C("origin_court_code", "VARCHAR", "原审法院代字", "Court of the origin case when known."),
            C("link_kind", "VARCHAR", "关联类型", f"Kind of the link by the linking case's type: {LINK_KINDS}.", True),
            F("root_case_number"),
            C("depth", "INTEGER", "关联层级", "Links from the root to this case (an appeal of a first-instance case: 1; enforcement of that appeal: 2).", True),
            C("in_cycle", "BOOLEAN", "关联成环", "Following origins from this case meets a case twice (the case is on a cycle or leads into one); reported by a check.", True),
        ),
        key=("case_number",),
    ),
    Table(
        "case_families", "案件族", f"One row per family of linked cases — a dispute and every case derived from it — identified by its root case; every case belongs to exactly one family ({MATTER_RATIO_DOC}).",
        "core",
        (
            F("root_case_number", references="cases.case_number"),
            COURT_CODE,
            F("case_year"),
            C("root_case_type", "VARCHAR", "根案件类型代字", "Case-type code of the root."),
            C("root_filing_date", "DATE", "根案件立案日期", "Filing date of the root.", True),
            C("root_reason", "VARCHAR", "成为根的原因", "no_origin (names no origin) / unknown_origin (its origin is not in the warehouse) / malformed_origin / cycle.", True),
            C("originating", "BOOLEAN", "计入件数", "The root counts as a dispute (件): it names no origin and is a first-instance case or a 执 of a non-litigation instrument.", True),
            C("cases", "BIGINT", "族内案件数", "Cases in the family, the root included (filed at any date).", True),
            C("derived_cases", "BIGINT", "衍生案件数", "cases − 1.", True),
            C("appeal", "BIGINT", "上诉", "Derived appeals.", True),
            C("retrial_review", "BIGINT", "申请再审审查", "Derived retrial reviews.", True),
            C("retrial", "BIGINT", "再审", "Derived retrials.", True),
            C("enforcement", "BIGINT", "执行", "Derived first enforcements.", True),
            C("enforcement_restoration", "BIGINT", "恢复执行", "Derived resumed enforcements.", True),
            C("enforcement_review", "BIGINT", "执行异议复议监督", "Derived enforcement objections, reconsiderations, supervision.", True),
            C("other_derived", "BIGINT", "其他衍生", "Other derived cases.", True),
            C("courts", "BIGINT", "涉及法院数", "Distinct courts holding a case of the family (across court levels).", True),
            C("first_filing_date", "DATE", "最早立案日期", "Earliest filing date in the family.", True),
            C("last_closing_date", "DATE", "最晚结案日期", "Latest closing date in the family; NULL when none closed."),
            C("pending_cases", "BIGINT", "未结案件数", "Cases of the family not closed.", True),
            C("depth", "INTEGER", "族深度", "Largest link depth in the family (0 for a lone case).", True),
        ),
        key=("root_case_number",),
    ),
    Table(
        "court_quarter_matter_ratio", "法院季度案件比", f"One row per originating court × quarter (every registered court): 件 (disputes whose root was filed in the quarter), 案 (those plus derived cases filed by the quarter's end, period_end being also the as-of date), 案件比 and derived cases by kind. Formula: {MATTER_RATIO_DOC}.",
        "mart",
        MATTER_RATIO_COLUMNS,
        key=("court_code", "quarter"),
        partition_column="quarter",
    ),
    Table(
        "court_ytd_matter_ratio", "法院年度累计案件比", f"Same columns as court_quarter_matter_ratio for disputes whose root was filed Jan 1 … the quarter's end, labelled by the quarter it ends. Formula: {MATTER_RATIO_DOC}.",
        "mart",
        MATTER_RATIO_COLUMNS,
        key=("court_code", "quarter"),
        partition_column="quarter",
    ),
)

# --- bulletins frozen as issued (warehouse/reports/issued.py) ------------------------------

ISSUED_TABLES: tuple[Table, ...] = (
    Table(
        "issued_reports", "已发布通报", "One row per issued version of a bulletin: what was issued, when, on which data, and the SHA-256 of every file written. Issuing the same kind and period again writes a new version only when asked (--reissue); earlier versions' files are kept.",
        "issued",
        (
            F("report_id"),
            F("kind"),
            F("period"),
            C("version", "INTEGER", "版本", "1 for the first issue; +1 per reissue.", True),
            C("as_of_date", "DATE", "数据截至日期", "Latest export date among the files loaded when the bulletin was issued."),
            C("issued_at", "TIMESTAMP", "发布时间", "When the bulletin was issued (Asia/Shanghai).", True),
            C("file_paths", "VARCHAR[]", "文件路径", "The files written, relative to the reports folder.", True),
            C("file_sha256", "VARCHAR[]", "文件哈希", "SHA-256 of each file of file_paths, in the same order.", True),
            C("figures", "BIGINT", "数字个数", "Rows recorded in issued_figures for this version.", True),
        ),
        key=("report_id",),
        stateful=True,
    ),
    Table(
        "issued_figures", "已发布数字", "Every number an issued bulletin printed from the marts, one row per report × source table × court × category × indicator, with its numerator and denominator for rates.",
        "issued",
        (
            F("report_id", references="issued_reports.report_id"),
            C("source", "VARCHAR", "来源表", "Mart the number was read from, e.g. court_quarter_performance.", True),
            COURT_CODE,
            C("category", "VARCHAR", "案件类别", "Category row of the performance tables; `all` for tables without categories.", True),
            F("indicator"),
            C("value", "DOUBLE", "数值", "The number as issued (NULL when the bulletin printed no value)."),
            F("numerator"),
            F("denominator"),
        ),
        key=("report_id", "source", "court_code", "category", "indicator"),
        stateful=True,
    ),
    Table(
        "restatements", "更正说明", "One row per issued figure (of the latest version of each issued bulletin) whose current value differs from the issued one, with the cases whose arrival or correction after the issue moved it. Rebuilt after every run.",
        "issued",
        (
            F("report_id", references="issued_reports.report_id"),
            F("kind"),
            F("period"),
            C("source", "VARCHAR", "来源表", "Mart the figure comes from.", True),
            COURT_CODE,
            C("category", "VARCHAR", "案件类别", "Category row (`all` for tables without categories).", True),
            F("indicator"),
            C("issued_value", "DOUBLE", "原发布值", "The value as issued."),
            C("current_value", "DOUBLE", "现值", "The value now (NULL when the row no longer exists)."),
            C("difference", "DOUBLE", "差额", "current_value − issued_value; NULL when either is NULL."),
            C("issued_numerator", "DOUBLE", "原分子", "Numerator as issued (rates)."),
            C("current_numerator", "DOUBLE", "现分子", "Numerator now (rates)."),
            C("issued_denominator", "DOUBLE", "原分母", "Denominator as issued (rates)."),
            C("current_denominator", "DOUBLE", "现分母", "Denominator now (rates)."),
            C("cases", "VARCHAR[]", "涉及案件", "Cases with a version from a file ingested after the bulletin was issued that are now in the figure's numerator or denominator (the case sets of `courts explain`), or else active at the court in the period; sorted.", True),
            C("case_count", "BIGINT", "涉及案件数", "len(cases).", True),
        ),
        key=("report_id", "source", "court_code", "category", "indicator"),
    ),
)

TABLES = TABLES + MATTER_TABLES + ISSUED_TABLES

BY_NAME: dict[str, Table] = {t.name: t for t in TABLES}
CONTRACT_TABLES = tuple(t for t in TABLES if t.contract)


def table(name: str) -> Table:
    try:
        return BY_NAME[name]
    except KeyError:
        raise KeyError(f"no table named {name!r} is declared in warehouse/tables.py") from None
