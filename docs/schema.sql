CREATE SCHEMA IF NOT EXISTS main;
CREATE SCHEMA IF NOT EXISTS raw;
CREATE TABLE IF NOT EXISTS main.courts (
    "court_code" VARCHAR,
    "court_name" VARCHAR,
    "short_name" VARCHAR,
    "level" VARCHAR,
    "parent_code" VARCHAR,
    "division_code" VARCHAR,
    "peer_group" VARCHAR
);
COMMENT ON TABLE main.courts IS '法院名录：One row per registered court (the court registry, from warehouse/reference/courts/<registry>.csv).';
COMMENT ON COLUMN main.courts."court_code" IS '法院代字：Court code as used in case numbers, e.g. 甘3001.';
COMMENT ON COLUMN main.courts."court_name" IS '法院全称：Full name, e.g. 合作市人民法院.';
COMMENT ON COLUMN main.courts."short_name" IS '法院简称：Short name, e.g. 合作法院.';
COMMENT ON COLUMN main.courts."level" IS '法院层级：supreme / high / intermediate / basic / special.';
COMMENT ON COLUMN main.courts."parent_code" IS '上级法院代字：Court code of the supervising court (甘30 for Gannan''s basic courts).';
COMMENT ON COLUMN main.courts."division_code" IS '行政区划代码：Administrative-division code the court code derives from, e.g. 623001.';
COMMENT ON COLUMN main.courts."peer_group" IS '比较组：Courts ranked against each other: level and parent, e.g. basic:甘30.';
CREATE TABLE IF NOT EXISTS main.case_types (
    "case_type" VARCHAR,
    "category" VARCHAR,
    "instance" VARCHAR,
    "name_zh" VARCHAR
);
COMMENT ON TABLE main.case_types IS '案件类型：One row per case-type code (类型代字) of the SPC standard.';
COMMENT ON COLUMN main.case_types."case_type" IS '类型代字：Case-type code (类型代字) from the case number, e.g. 民初.';
COMMENT ON COLUMN main.case_types."category" IS '案件类别：civil / criminal / administrative / enforcement / preservation / other.';
COMMENT ON COLUMN main.case_types."instance" IS '审级：first / second / retrial_review / retrial / execution / enforcement_review / other.';
COMMENT ON COLUMN main.case_types."name_zh" IS '类型名称：Chinese name of the case type.';
CREATE TABLE IF NOT EXISTS main.time_limits (
    "case_type" VARCHAR,
    "procedure" VARCHAR,
    "is_default" BOOLEAN,
    "limit_value" INTEGER,
    "limit_unit" VARCHAR,
    "limit_label" VARCHAR,
    "source" VARCHAR
);
COMMENT ON TABLE main.time_limits IS '法定审限：Statutory time limits, one row per case type and procedure (spec/time-limits.md).';
COMMENT ON COLUMN main.time_limits."case_type" IS '类型代字：Case-type code (类型代字) from the case number, e.g. 民初.';
COMMENT ON COLUMN main.time_limits."procedure" IS '适用程序：Procedure the limit applies to; empty string when the type has one limit. 再 types use 一审程序/二审程序 after the instance retried.';
COMMENT ON COLUMN main.time_limits."is_default" IS '默认程序：True for the limit used when the export gives no (or an unknown) procedure.';
COMMENT ON COLUMN main.time_limits."limit_value" IS '审限数值：Length of the limit.';
COMMENT ON COLUMN main.time_limits."limit_unit" IS '审限单位：month (calendar months, clamped to month end) or day.';
COMMENT ON COLUMN main.time_limits."limit_label" IS '审限：Statutory limit as a label, e.g. 6 months; NULL when the type has none.';
COMMENT ON COLUMN main.time_limits."source" IS '法律依据：Legal source of the limit.';
CREATE TABLE IF NOT EXISTS main.dispositions (
    "disposition" VARCHAR,
    "disposition_group" VARCHAR,
    "group_zh" VARCHAR
);
COMMENT ON TABLE main.dispositions IS '结案方式词表：Disposition vocabulary: each normalized value and its indicator group.';
COMMENT ON COLUMN main.dispositions."disposition" IS '结案方式：Normalized disposition as written (NFKC, trimmed, Simplified), e.g. 准予撤诉.';
COMMENT ON COLUMN main.dispositions."disposition_group" IS '结案方式分组：Vocabulary group: judgment, mediation, withdrawal, dismissal, transfer, termination, upheld, reversed, remanded, appeal_withdrawn, retrial_granted, enforced, terminated_no_assets, not_enforced, or other for unlisted values.';
COMMENT ON COLUMN main.dispositions."group_zh" IS '分组名称：Chinese name of the group.';
CREATE TABLE IF NOT EXISTS raw.case_rows (
    "sha256" VARCHAR,
    "file_path" VARCHAR,
    "row_number" BIGINT,
    "case_number" VARCHAR,
    "filing_date" VARCHAR,
    "closing_date" VARCHAR,
    "disposition" VARCHAR,
    "cause" VARCHAR,
    "procedure" VARCHAR,
    "judge" VARCHAR,
    "division" VARCHAR,
    "extension_days" VARCHAR,
    "excluded_days" VARCHAR,
    "origin_case_number" VARCHAR,
    "amount_claimed" VARCHAR,
    "amount_recovered" VARCHAR,
    "parties" VARCHAR,
    "updated_at" VARCHAR,
    "court_name" VARCHAR,
    "extra" JSON
);
COMMENT ON TABLE raw.case_rows IS '原始案件行：Every data row of every accepted file, as text, with its file and row number. Holds personal data (parties); internal.';
COMMENT ON COLUMN raw.case_rows."sha256" IS '文件哈希：SHA-256 of the file''s bytes; a file is ingested once per hash.';
COMMENT ON COLUMN raw.case_rows."file_path" IS '文件路径：Path of the file relative to the inbox, forward slashes.';
COMMENT ON COLUMN raw.case_rows."row_number" IS '行号：1-based data row number in the file (after the header; title and 合计 rows not counted).';
COMMENT ON COLUMN raw.case_rows."case_number" IS '案号：Case number as written.';
COMMENT ON COLUMN raw.case_rows."filing_date" IS '立案日期：Filing date as written.';
COMMENT ON COLUMN raw.case_rows."closing_date" IS '结案日期：Closing date as written.';
COMMENT ON COLUMN raw.case_rows."disposition" IS '结案方式：Disposition as written.';
COMMENT ON COLUMN raw.case_rows."cause" IS '案由：Cause of action as written.';
COMMENT ON COLUMN raw.case_rows."procedure" IS '适用程序：Procedure as written.';
COMMENT ON COLUMN raw.case_rows."judge" IS '承办法官：Judge in charge as written.';
COMMENT ON COLUMN raw.case_rows."division" IS '承办部门：Division as written.';
COMMENT ON COLUMN raw.case_rows."extension_days" IS '延长审限天数：Approved extension in days as written.';
COMMENT ON COLUMN raw.case_rows."excluded_days" IS '扣除审限天数：Excluded days as written.';
COMMENT ON COLUMN raw.case_rows."origin_case_number" IS '原审案号：Origin case number as written.';
COMMENT ON COLUMN raw.case_rows."amount_claimed" IS '申请执行标的金额：Amount claimed (yuan) as written.';
COMMENT ON COLUMN raw.case_rows."amount_recovered" IS '执行到位金额：Amount recovered (yuan) as written.';
COMMENT ON COLUMN raw.case_rows."parties" IS '当事人：Parties as written (personal data).';
COMMENT ON COLUMN raw.case_rows."updated_at" IS '更新时间：Last change on the platform as written.';
COMMENT ON COLUMN raw.case_rows."court_name" IS '法院名称：Court name as written.';
COMMENT ON COLUMN raw.case_rows."extra" IS '其他列：Unknown extra columns of the row as a JSON object (kept, ignored downstream).';
CREATE TABLE IF NOT EXISTS raw.pending_changes (
    "run_id" VARCHAR,
    "recorded_at" TIMESTAMP,
    "affected_from" DATE,
    "court_codes" VARCHAR[]
);
COMMENT ON TABLE raw.pending_changes IS '待重算变更：One row per build of cases that changed a quarterly figure the quarterly marts may not have taken in yet, written in the same transaction as the cases, so a run killed after that commit still leaves it. `courts run` rebuilds the quarters from the earliest of them, for the courts they name, and deletes the rows it read once its quarterly run has succeeded (pipelines/incremental.py). Internal.';
COMMENT ON COLUMN raw.pending_changes."run_id" IS '运行编号：The Dagster run whose core step built the cases.';
COMMENT ON COLUMN raw.pending_changes."recorded_at" IS '记录时间：When the build wrote its tables.';
COMMENT ON COLUMN raw.pending_changes."affected_from" IS '影响起始日：The earliest date from which a quarterly figure can differ after the build (warehouse/affected.py); NULL when every quarter can (a whole rebuild).';
COMMENT ON COLUMN raw.pending_changes."court_codes" IS '影响法院：The courts whose per-court quarterly figures can differ after the build: those of the changed cases, of the cases a changed appeal is an appeal of, and of the roots of changed 案件比 families (warehouse/affected.py); NULL when every court''s can (a whole rebuild, a court not found, or a row written before this column existed).';
CREATE TABLE IF NOT EXISTS main.ingested_files (
    "file_path" VARCHAR,
    "court_code" VARCHAR,
    "sha256" VARCHAR,
    "size_bytes" BIGINT,
    "modified_at" TIMESTAMP,
    "export_date" DATE,
    "file_format" VARCHAR,
    "encoding" VARCHAR,
    "header_variant" VARCHAR,
    "rows_read" BIGINT,
    "rows_loaded" BIGINT,
    "rows_rejected" BIGINT,
    "status" VARCHAR,
    "error" VARCHAR,
    "duplicate_of" VARCHAR,
    "ingested_at" TIMESTAMP
);
COMMENT ON TABLE main.ingested_files IS '导入文件登记：One row per file seen in the inbox, with its status and row reconciliation (rows_read = rows_loaded + rows_rejected); court_code is the court folder the file came from, which may be unregistered for a rejected file.';
COMMENT ON COLUMN main.ingested_files."file_path" IS '文件路径：Path of the file relative to the inbox, forward slashes.';
COMMENT ON COLUMN main.ingested_files."court_code" IS '法院代字：Court code as used in case numbers, e.g. 甘3001.';
COMMENT ON COLUMN main.ingested_files."sha256" IS '文件哈希：SHA-256 of the file''s bytes; a file is ingested once per hash.';
COMMENT ON COLUMN main.ingested_files."size_bytes" IS '文件大小：Size in bytes.';
COMMENT ON COLUMN main.ingested_files."modified_at" IS '文件修改时间：The file''s modification time (Asia/Shanghai) when recorded; with the size, how a changed file is noticed without re-hashing the inbox.';
COMMENT ON COLUMN main.ingested_files."export_date" IS '导出日期：Export date from the file name (YYYYMMDD); NULL when the name has none.';
COMMENT ON COLUMN main.ingested_files."file_format" IS '文件格式：csv / xlsx / jsonl.';
COMMENT ON COLUMN main.ingested_files."encoding" IS '编码：Detected text encoding (utf-8, utf-8-sig, gb18030) for CSV/JSONL.';
COMMENT ON COLUMN main.ingested_files."header_variant" IS '表头形式：simplified / traditional / broken / english / mixed.';
COMMENT ON COLUMN main.ingested_files."rows_read" IS '读取行数：Data rows read (after the header; title and 合计 rows excluded).';
COMMENT ON COLUMN main.ingested_files."rows_loaded" IS '入库行数：Rows accepted into case_versions.';
COMMENT ON COLUMN main.ingested_files."rows_rejected" IS '拒收行数：Rows sent to rejected_rows.';
COMMENT ON COLUMN main.ingested_files."status" IS '状态：loaded / partially_loaded / rejected / duplicate.';
COMMENT ON COLUMN main.ingested_files."error" IS '错误：Why a file was rejected (or which file it duplicates).';
COMMENT ON COLUMN main.ingested_files."duplicate_of" IS '重复于：For duplicates: the file_path of the earlier file with the same bytes.';
COMMENT ON COLUMN main.ingested_files."ingested_at" IS '导入时间：When the pipeline recorded the file.';
CREATE TABLE IF NOT EXISTS main.rejected_rows (
    "file_path" VARCHAR,
    "sha256" VARCHAR,
    "row_number" BIGINT,
    "raw_record" VARCHAR,
    "reasons" VARCHAR[]
);
COMMENT ON TABLE main.rejected_rows IS '拒收行：One row per rejected input row with every reason that applies; the row as read is kept in raw_record.';
COMMENT ON COLUMN main.rejected_rows."file_path" IS '文件路径：Path of the file relative to the inbox, forward slashes.';
COMMENT ON COLUMN main.rejected_rows."sha256" IS '文件哈希：SHA-256 of the file''s bytes; a file is ingested once per hash.';
COMMENT ON COLUMN main.rejected_rows."row_number" IS '行号：1-based data row number in the file (after the header; title and 合计 rows not counted).';
COMMENT ON COLUMN main.rejected_rows."raw_record" IS '原始记录：JSON object of the row as read, keyed by the file''s own header names. The analysts'' copy keeps only the fields the export format names, less personal ones (当事人), and withholds the values of rows that could not be split into columns; the pipeline''s file keeps the full record.';
COMMENT ON COLUMN main.rejected_rows."reasons" IS '拒收原因：Reason codes: invalid_case_number, court_mismatch, missing_required, unparseable_filing_date, unparseable_closing_date, future_date, closing_before_filing, negative_days, unparseable_days, days_out_of_range, negative_amount, amount_out_of_range, malformed_row, unknown_case_type (warehouse/reference/reject_reasons.csv).';
CREATE TABLE IF NOT EXISTS main.case_versions (
    "case_number" VARCHAR,
    "court_code" VARCHAR,
    "case_year" INTEGER,
    "case_type" VARCHAR,
    "specialized" VARCHAR,
    "cause" VARCHAR,
    "procedure" VARCHAR,
    "filing_date" DATE,
    "closing_date" DATE,
    "disposition" VARCHAR,
    "disposition_group" VARCHAR,
    "judge" VARCHAR,
    "division" VARCHAR,
    "extension_days" INTEGER,
    "excluded_days" INTEGER,
    "origin_case_number" VARCHAR,
    "amount_claimed" DECIMAL(18,2),
    "amount_recovered" DECIMAL(18,2),
    "updated_at" TIMESTAMP,
    "export_date" DATE,
    "file_path" VARCHAR,
    "sha256" VARCHAR,
    "row_number" BIGINT,
    "warnings" VARCHAR[]
);
COMMENT ON TABLE main.case_versions IS '案件版本：Every accepted version of every case row, typed and normalized, with the file and row it came from (history; cases is derived from it). No personal data.';
COMMENT ON COLUMN main.case_versions."case_number" IS '案号：Normalized case number (NFKC, full-width brackets, no spaces, serial without leading zeros); the case''s identity.';
COMMENT ON COLUMN main.case_versions."court_code" IS '法院代字：Court code as used in case numbers, e.g. 甘3001.';
COMMENT ON COLUMN main.case_versions."case_year" IS '收案年度：Year in the case number.';
COMMENT ON COLUMN main.case_versions."case_type" IS '类型代字：Case-type code (类型代字) from the case number, e.g. 民初.';
COMMENT ON COLUMN main.case_versions."specialized" IS '专门审判代字：Specialized-trial code (知, 环, …) or NULL; kept in the case number, not in case_type.';
COMMENT ON COLUMN main.case_versions."cause" IS '案由：Cause of action (NFKC, trimmed, Simplified).';
COMMENT ON COLUMN main.case_versions."procedure" IS '适用程序：Procedure as exported (normalized); NULL when empty (only the time-limit lookup falls back to the type''s default).';
COMMENT ON COLUMN main.case_versions."filing_date" IS '立案日期：Date docketed.';
COMMENT ON COLUMN main.case_versions."closing_date" IS '结案日期：Date closed; NULL while pending.';
COMMENT ON COLUMN main.case_versions."disposition" IS '结案方式：Normalized disposition as written (NFKC, trimmed, Simplified), e.g. 准予撤诉.';
COMMENT ON COLUMN main.case_versions."disposition_group" IS '结案方式分组：Vocabulary group: judgment, mediation, withdrawal, dismissal, transfer, termination, upheld, reversed, remanded, appeal_withdrawn, retrial_granted, enforced, terminated_no_assets, not_enforced, or other for unlisted values.';
COMMENT ON COLUMN main.case_versions."judge" IS '承办法官：Judge in charge (trimmed; personal names are never converted).';
COMMENT ON COLUMN main.case_versions."division" IS '承办部门：Division (normalized).';
COMMENT ON COLUMN main.case_versions."extension_days" IS '延长审限天数：Approved extension of the time limit, days (0 when empty).';
COMMENT ON COLUMN main.case_versions."excluded_days" IS '扣除审限天数：Days not counted toward the limit (公告, 鉴定, 中止…), 0 when empty.';
COMMENT ON COLUMN main.case_versions."origin_case_number" IS '原审案号：Normalized number of the case appealed or enforced; NULL when empty or unparseable.';
COMMENT ON COLUMN main.case_versions."amount_claimed" IS '申请执行标的金额：Amount claimed, yuan.';
COMMENT ON COLUMN main.case_versions."amount_recovered" IS '执行到位金额：Amount recovered, yuan.';
COMMENT ON COLUMN main.case_versions."updated_at" IS '更新时间：Last change on the platform (Asia/Shanghai local time).';
COMMENT ON COLUMN main.case_versions."export_date" IS '导出日期：Export date from the file name (YYYYMMDD); NULL when the name has none.';
COMMENT ON COLUMN main.case_versions."file_path" IS '文件路径：Path of the file relative to the inbox, forward slashes.';
COMMENT ON COLUMN main.case_versions."sha256" IS '文件哈希：SHA-256 of the file''s bytes; a file is ingested once per hash.';
COMMENT ON COLUMN main.case_versions."row_number" IS '行号：1-based data row number in the file (after the header; title and 合计 rows not counted).';
COMMENT ON COLUMN main.case_versions."warnings" IS '警告：Accepted-with-warning codes, e.g. unknown_disposition, invalid_origin_case_number.';
CREATE TABLE IF NOT EXISTS main.cases (
    "case_number" VARCHAR,
    "court_code" VARCHAR,
    "case_year" INTEGER,
    "case_type" VARCHAR,
    "specialized" VARCHAR,
    "category" VARCHAR,
    "instance" VARCHAR,
    "cause" VARCHAR,
    "procedure" VARCHAR,
    "filing_date" DATE,
    "closing_date" DATE,
    "disposition" VARCHAR,
    "disposition_group" VARCHAR,
    "judge" VARCHAR,
    "division" VARCHAR,
    "extension_days" INTEGER,
    "excluded_days" INTEGER,
    "limit_label" VARCHAR,
    "deadline_date" DATE,
    "closed_within_limit" BOOLEAN,
    "duration_days" INTEGER,
    "origin_case_number" VARCHAR,
    "amount_claimed" DECIMAL(18,2),
    "amount_recovered" DECIMAL(18,2),
    "first_file" VARCHAR,
    "last_file" VARCHAR,
    "last_row_number" BIGINT,
    "updated_at" TIMESTAMP,
    "versions" BIGINT
);
COMMENT ON TABLE main.cases IS '案件：One row per case, its latest state (latest 更新时间, then export date, then row), with its statutory deadline and duration.';
COMMENT ON COLUMN main.cases."case_number" IS '案号：Normalized case number (NFKC, full-width brackets, no spaces, serial without leading zeros); the case''s identity.';
COMMENT ON COLUMN main.cases."court_code" IS '法院代字：Court code as used in case numbers, e.g. 甘3001.';
COMMENT ON COLUMN main.cases."case_year" IS '收案年度：Year in the case number.';
COMMENT ON COLUMN main.cases."case_type" IS '类型代字：Case-type code (类型代字) from the case number, e.g. 民初.';
COMMENT ON COLUMN main.cases."specialized" IS '专门审判代字：Specialized-trial code (知, 环, …) or NULL; kept in the case number, not in case_type.';
COMMENT ON COLUMN main.cases."category" IS '案件类别：civil / criminal / administrative / enforcement / preservation / other.';
COMMENT ON COLUMN main.cases."instance" IS '审级：first / second / retrial_review / retrial / execution / enforcement_review / other.';
COMMENT ON COLUMN main.cases."cause" IS '案由：Cause of action (NFKC, trimmed, Simplified).';
COMMENT ON COLUMN main.cases."procedure" IS '适用程序：Procedure as exported (normalized); NULL when empty (only the time-limit lookup falls back to the type''s default).';
COMMENT ON COLUMN main.cases."filing_date" IS '立案日期：Date docketed.';
COMMENT ON COLUMN main.cases."closing_date" IS '结案日期：Date closed; NULL while pending.';
COMMENT ON COLUMN main.cases."disposition" IS '结案方式：Normalized disposition as written (NFKC, trimmed, Simplified), e.g. 准予撤诉.';
COMMENT ON COLUMN main.cases."disposition_group" IS '结案方式分组：Vocabulary group: judgment, mediation, withdrawal, dismissal, transfer, termination, upheld, reversed, remanded, appeal_withdrawn, retrial_granted, enforced, terminated_no_assets, not_enforced, or other for unlisted values.';
COMMENT ON COLUMN main.cases."judge" IS '承办法官：Judge in charge (trimmed; personal names are never converted).';
COMMENT ON COLUMN main.cases."division" IS '承办部门：Division (normalized).';
COMMENT ON COLUMN main.cases."extension_days" IS '延长审限天数：Approved extension of the time limit, days (0 when empty).';
COMMENT ON COLUMN main.cases."excluded_days" IS '扣除审限天数：Days not counted toward the limit (公告, 鉴定, 中止…), 0 when empty.';
COMMENT ON COLUMN main.cases."limit_label" IS '审限：Statutory limit as a label, e.g. 6 months; NULL when the type has none.';
COMMENT ON COLUMN main.cases."deadline_date" IS '审限届满日：filing_date + limit (calendar months clamped to month end, or days) + extension_days + excluded_days; NULL without a limit.';
COMMENT ON COLUMN main.cases."closed_within_limit" IS '审限内结案：closing_date ≤ deadline_date; NULL while pending or without a limit.';
COMMENT ON COLUMN main.cases."duration_days" IS '审理天数：closing_date − filing_date − excluded_days; NULL while pending.';
COMMENT ON COLUMN main.cases."origin_case_number" IS '原审案号：Normalized number of the case appealed or enforced; NULL when empty or unparseable.';
COMMENT ON COLUMN main.cases."amount_claimed" IS '申请执行标的金额：Amount claimed, yuan.';
COMMENT ON COLUMN main.cases."amount_recovered" IS '执行到位金额：Amount recovered, yuan.';
COMMENT ON COLUMN main.cases."first_file" IS '首次出现文件：File of the case''s earliest accepted version.';
COMMENT ON COLUMN main.cases."last_file" IS '最新版本文件：File of the winning (latest) version.';
COMMENT ON COLUMN main.cases."last_row_number" IS '最新版本行号：Data row of last_file the winning version came from.';
COMMENT ON COLUMN main.cases."updated_at" IS '更新时间：Last change on the platform (Asia/Shanghai local time).';
COMMENT ON COLUMN main.cases."versions" IS '版本数：Accepted versions of the case.';
CREATE TABLE IF NOT EXISTS main.case_parties (
    "case_number" VARCHAR,
    "party" VARCHAR,
    "position" INTEGER
);
COMMENT ON TABLE main.case_parties IS '案件当事人：Parties of each case from its latest version (personal data: never shown in reports; the analysts'' copy holds case_number and position only).';
COMMENT ON COLUMN main.case_parties."case_number" IS '案号：Normalized case number (NFKC, full-width brackets, no spaces, serial without leading zeros); the case''s identity.';
COMMENT ON COLUMN main.case_parties."party" IS '当事人：One party''s name (split on ；). Personal data: not in the analysts'' copy.';
COMMENT ON COLUMN main.case_parties."position" IS '顺序：1-based position in the exported list.';
CREATE TABLE IF NOT EXISTS main.court_quarter_performance (
    "court_code" VARCHAR,
    "quarter" VARCHAR,
    "category" VARCHAR,
    "period_start" DATE,
    "period_end" DATE,
    "carried_over" BIGINT,
    "received" BIGINT,
    "closed" BIGINT,
    "pending_end" BIGINT,
    "closure_to_filing_ratio" DOUBLE,
    "closure_rate" DOUBLE,
    "closed_with_limit" BIGINT,
    "closed_within_limit" BIGINT,
    "within_limit_rate" DOUBLE,
    "avg_duration_days" DOUBLE,
    "median_duration_days" DOUBLE,
    "long_pending_12m" BIGINT,
    "long_pending_18m" BIGINT,
    "long_pending_36m" BIGINT,
    "long_pending_12m_share" DOUBLE,
    "civil_first_closed" BIGINT,
    "mediation_withdrawal" BIGINT,
    "mediation_withdrawal_rate" DOUBLE,
    "first_instance_closed" BIGINT,
    "appealed" BIGINT,
    "appeal_rate" DOUBLE,
    "first_instance_acceptance_rate" DOUBLE,
    "reversed_remanded" BIGINT,
    "reversed_remanded_rate" DOUBLE,
    "enforcement_recovery_rate" DOUBLE,
    "enforcement_closed" BIGINT,
    "enforcement_enforced" BIGINT,
    "enforcement_completion_rate" DOUBLE,
    "first_enforcement_closed" BIGINT,
    "first_enforcement_no_assets" BIGINT,
    "first_enforcement_no_assets_rate" DOUBLE,
    "first_enforcement_avg_days" DOUBLE,
    "judges" BIGINT,
    "closed_per_judge" DOUBLE,
    "disposition_time_days" DOUBLE
);
COMMENT ON TABLE main.court_quarter_performance IS '法院季度审判执行指标：One row per court × quarter × category (`all` for every registered court; a category when it had carried_over + received > 0). A registered court without cases in the quarter has a zero `all` row (counts 0, rates NULL), added by one anti-join: only courts with cases are aggregated, so the cost follows the data, not the registry. Definitions: spec/warehouse.md.';
COMMENT ON COLUMN main.court_quarter_performance."court_code" IS '法院代字：Court code as used in case numbers, e.g. 甘3001.';
COMMENT ON COLUMN main.court_quarter_performance."quarter" IS '季度：Quarter label YYYYQn, e.g. 2024Q1 = 2024-01-01 … 2024-03-31.';
COMMENT ON COLUMN main.court_quarter_performance."category" IS '案件类别：`all` or a case-type category (civil, criminal, administrative, enforcement, preservation, other); a case whose type is not in case_types counts under other.';
COMMENT ON COLUMN main.court_quarter_performance."period_start" IS '统计期间起：First day of the period.';
COMMENT ON COLUMN main.court_quarter_performance."period_end" IS '统计期间止：Last day of the period.';
COMMENT ON COLUMN main.court_quarter_performance."carried_over" IS '旧存：Filed before period_start and pending at start (closing_date NULL or ≥ start).';
COMMENT ON COLUMN main.court_quarter_performance."received" IS '新收：filing_date in the period.';
COMMENT ON COLUMN main.court_quarter_performance."closed" IS '已结：closing_date in the period.';
COMMENT ON COLUMN main.court_quarter_performance."pending_end" IS '未结：Filed ≤ end and (closing_date NULL or > end); always carried_over + received − closed.';
COMMENT ON COLUMN main.court_quarter_performance."closure_to_filing_ratio" IS '结收比：closed / received (CEPEJ clearance rate ÷ 100); NULL when received = 0.';
COMMENT ON COLUMN main.court_quarter_performance."closure_rate" IS '结案率：closed / (carried_over + received).';
COMMENT ON COLUMN main.court_quarter_performance."closed_with_limit" IS '有审限结案数：Closed cases whose type has a statutory time limit.';
COMMENT ON COLUMN main.court_quarter_performance."closed_within_limit" IS '审限内结案数：Of closed_with_limit, cases closed on or before their deadline.';
COMMENT ON COLUMN main.court_quarter_performance."within_limit_rate" IS '法定审限内结案率：closed_within_limit / closed_with_limit.';
COMMENT ON COLUMN main.court_quarter_performance."avg_duration_days" IS '平均审理天数：Mean duration_days of closed cases.';
COMMENT ON COLUMN main.court_quarter_performance."median_duration_days" IS '审理天数中位数：Median duration_days of closed cases (mean of the two middle values for an even count).';
COMMENT ON COLUMN main.court_quarter_performance."long_pending_12m" IS '超12个月未结案件数：Pending at end and filed more than 12 calendar months before end.';
COMMENT ON COLUMN main.court_quarter_performance."long_pending_18m" IS '超18个月未结案件数：Pending at end and filed more than 18 calendar months before end.';
COMMENT ON COLUMN main.court_quarter_performance."long_pending_36m" IS '超36个月未结案件数：Pending at end and filed more than 36 calendar months before end.';
COMMENT ON COLUMN main.court_quarter_performance."long_pending_12m_share" IS '超12个月未结案件占比：long_pending_12m / pending_end.';
COMMENT ON COLUMN main.court_quarter_performance."civil_first_closed" IS '民初结案数：民初 closed in the period (denominator of mediation_withdrawal_rate).';
COMMENT ON COLUMN main.court_quarter_performance."mediation_withdrawal" IS '调撤结案数：民初 closed with disposition group mediation or withdrawal.';
COMMENT ON COLUMN main.court_quarter_performance."mediation_withdrawal_rate" IS '调撤率：民初 closed with disposition group mediation or withdrawal / 民初 closed.';
COMMENT ON COLUMN main.court_quarter_performance."first_instance_closed" IS '一审结案数：First-instance cases (民初, 刑初, 行初) closed in the period (denominator of the appeal and reversal rates).';
COMMENT ON COLUMN main.court_quarter_performance."appealed" IS '被上诉案件数：Of those, cases with at least one appeal (民终/刑终/行终 at any court).';
COMMENT ON COLUMN main.court_quarter_performance."appeal_rate" IS '上诉率：First-instance cases (民初, 刑初, 行初) closed in the period with at least one appeal (民终/刑终/行终 at any court whose origin_case_number is the case) / first-instance cases closed.';
COMMENT ON COLUMN main.court_quarter_performance."first_instance_acceptance_rate" IS '一审服判息诉率：1 − appeal_rate.';
COMMENT ON COLUMN main.court_quarter_performance."reversed_remanded" IS '被改判发回案件数：First-instance cases closed in the period whose appeal closed as reversed or remanded.';
COMMENT ON COLUMN main.court_quarter_performance."reversed_remanded_rate" IS '一审被改判发回率：First-instance cases closed in the period whose appeal closed as reversed or remanded / first-instance cases closed.';
COMMENT ON COLUMN main.court_quarter_performance."enforcement_recovery_rate" IS '执行到位率：Σ amount_recovered / Σ amount_claimed over 执 and 执恢 closed with amount_claimed > 0 (NULL recovered counts as 0).';
COMMENT ON COLUMN main.court_quarter_performance."enforcement_closed" IS '执行结案数：执 and 执恢 closed in the period.';
COMMENT ON COLUMN main.court_quarter_performance."enforcement_enforced" IS '执行完毕数：Of those, closed as enforced (执行完毕).';
COMMENT ON COLUMN main.court_quarter_performance."enforcement_completion_rate" IS '执行完毕率：执 and 执恢 closed as enforced / 执 and 执恢 closed.';
COMMENT ON COLUMN main.court_quarter_performance."first_enforcement_closed" IS '首执结案数：执 closed in the period.';
COMMENT ON COLUMN main.court_quarter_performance."first_enforcement_no_assets" IS '首执终本数：Of those, closed as terminated_no_assets (终本).';
COMMENT ON COLUMN main.court_quarter_performance."first_enforcement_no_assets_rate" IS '首执终本率：执 closed as terminated_no_assets / 执 closed.';
COMMENT ON COLUMN main.court_quarter_performance."first_enforcement_avg_days" IS '首执案件平均用时：Mean duration_days of 执 closed.';
COMMENT ON COLUMN main.court_quarter_performance."judges" IS '结案法官数：Distinct judges with at least one closure.';
COMMENT ON COLUMN main.court_quarter_performance."closed_per_judge" IS '法官人均结案数：closed / judges.';
COMMENT ON COLUMN main.court_quarter_performance."disposition_time_days" IS '处置时间（CEPEJ）：Days in period × pending_end / closed (days in period = end − start + 1).';
CREATE TABLE IF NOT EXISTS main.court_ytd_performance (
    "court_code" VARCHAR,
    "quarter" VARCHAR,
    "category" VARCHAR,
    "period_start" DATE,
    "period_end" DATE,
    "carried_over" BIGINT,
    "received" BIGINT,
    "closed" BIGINT,
    "pending_end" BIGINT,
    "closure_to_filing_ratio" DOUBLE,
    "closure_rate" DOUBLE,
    "closed_with_limit" BIGINT,
    "closed_within_limit" BIGINT,
    "within_limit_rate" DOUBLE,
    "avg_duration_days" DOUBLE,
    "median_duration_days" DOUBLE,
    "long_pending_12m" BIGINT,
    "long_pending_18m" BIGINT,
    "long_pending_36m" BIGINT,
    "long_pending_12m_share" DOUBLE,
    "civil_first_closed" BIGINT,
    "mediation_withdrawal" BIGINT,
    "mediation_withdrawal_rate" DOUBLE,
    "first_instance_closed" BIGINT,
    "appealed" BIGINT,
    "appeal_rate" DOUBLE,
    "first_instance_acceptance_rate" DOUBLE,
    "reversed_remanded" BIGINT,
    "reversed_remanded_rate" DOUBLE,
    "enforcement_recovery_rate" DOUBLE,
    "enforcement_closed" BIGINT,
    "enforcement_enforced" BIGINT,
    "enforcement_completion_rate" DOUBLE,
    "first_enforcement_closed" BIGINT,
    "first_enforcement_no_assets" BIGINT,
    "first_enforcement_no_assets_rate" DOUBLE,
    "first_enforcement_avg_days" DOUBLE,
    "judges" BIGINT,
    "closed_per_judge" DOUBLE,
    "disposition_time_days" DOUBLE
);
COMMENT ON TABLE main.court_ytd_performance IS '法院年度累计审判执行指标：Same columns as court_quarter_performance for the year to date (Jan 1 to the quarter''s end), labelled by the quarter it ends.';
COMMENT ON COLUMN main.court_ytd_performance."court_code" IS '法院代字：Court code as used in case numbers, e.g. 甘3001.';
COMMENT ON COLUMN main.court_ytd_performance."quarter" IS '季度：Quarter label YYYYQn, e.g. 2024Q1 = 2024-01-01 … 2024-03-31.';
COMMENT ON COLUMN main.court_ytd_performance."category" IS '案件类别：`all` or a case-type category (civil, criminal, administrative, enforcement, preservation, other); a case whose type is not in case_types counts under other.';
COMMENT ON COLUMN main.court_ytd_performance."period_start" IS '统计期间起：First day of the period.';
COMMENT ON COLUMN main.court_ytd_performance."period_end" IS '统计期间止：Last day of the period.';
COMMENT ON COLUMN main.court_ytd_performance."carried_over" IS '旧存：Filed before period_start and pending at start (closing_date NULL or ≥ start).';
COMMENT ON COLUMN main.court_ytd_performance."received" IS '新收：filing_date in the period.';
COMMENT ON COLUMN main.court_ytd_performance."closed" IS '已结：closing_date in the period.';
COMMENT ON COLUMN main.court_ytd_performance."pending_end" IS '未结：Filed ≤ end and (closing_date NULL or > end); always carried_over + received − closed.';
COMMENT ON COLUMN main.court_ytd_performance."closure_to_filing_ratio" IS '结收比：closed / received (CEPEJ clearance rate ÷ 100); NULL when received = 0.';
COMMENT ON COLUMN main.court_ytd_performance."closure_rate" IS '结案率：closed / (carried_over + received).';
COMMENT ON COLUMN main.court_ytd_performance."closed_with_limit" IS '有审限结案数：Closed cases whose type has a statutory time limit.';
COMMENT ON COLUMN main.court_ytd_performance."closed_within_limit" IS '审限内结案数：Of closed_with_limit, cases closed on or before their deadline.';
COMMENT ON COLUMN main.court_ytd_performance."within_limit_rate" IS '法定审限内结案率：closed_within_limit / closed_with_limit.';
COMMENT ON COLUMN main.court_ytd_performance."avg_duration_days" IS '平均审理天数：Mean duration_days of closed cases.';
COMMENT ON COLUMN main.court_ytd_performance."median_duration_days" IS '审理天数中位数：Median duration_days of closed cases (mean of the two middle values for an even count).';
COMMENT ON COLUMN main.court_ytd_performance."long_pending_12m" IS '超12个月未结案件数：Pending at end and filed more than 12 calendar months before end.';
COMMENT ON COLUMN main.court_ytd_performance."long_pending_18m" IS '超18个月未结案件数：Pending at end and filed more than 18 calendar months before end.';
COMMENT ON COLUMN main.court_ytd_performance."long_pending_36m" IS '超36个月未结案件数：Pending at end and filed more than 36 calendar months before end.';
COMMENT ON COLUMN main.court_ytd_performance."long_pending_12m_share" IS '超12个月未结案件占比：long_pending_12m / pending_end.';
COMMENT ON COLUMN main.court_ytd_performance."civil_first_closed" IS '民初结案数：民初 closed in the period (denominator of mediation_withdrawal_rate).';
COMMENT ON COLUMN main.court_ytd_performance."mediation_withdrawal" IS '调撤结案数：民初 closed with disposition group mediation or withdrawal.';
COMMENT ON COLUMN main.court_ytd_performance."mediation_withdrawal_rate" IS '调撤率：民初 closed with disposition group mediation or withdrawal / 民初 closed.';
COMMENT ON COLUMN main.court_ytd_performance."first_instance_closed" IS '一审结案数：First-instance cases (民初, 刑初, 行初) closed in the period (denominator of the appeal and reversal rates).';
COMMENT ON COLUMN main.court_ytd_performance."appealed" IS '被上诉案件数：Of those, cases with at least one appeal (民终/刑终/行终 at any court).';
COMMENT ON COLUMN main.court_ytd_performance."appeal_rate" IS '上诉率：First-instance cases (民初, 刑初, 行初) closed in the period with at least one appeal (民终/刑终/行终 at any court whose origin_case_number is the case) / first-instance cases closed.';
COMMENT ON COLUMN main.court_ytd_performance."first_instance_acceptance_rate" IS '一审服判息诉率：1 − appeal_rate.';
COMMENT ON COLUMN main.court_ytd_performance."reversed_remanded" IS '被改判发回案件数：First-instance cases closed in the period whose appeal closed as reversed or remanded.';
COMMENT ON COLUMN main.court_ytd_performance."reversed_remanded_rate" IS '一审被改判发回率：First-instance cases closed in the period whose appeal closed as reversed or remanded / first-instance cases closed.';
COMMENT ON COLUMN main.court_ytd_performance."enforcement_recovery_rate" IS '执行到位率：Σ amount_recovered / Σ amount_claimed over 执 and 执恢 closed with amount_claimed > 0 (NULL recovered counts as 0).';
COMMENT ON COLUMN main.court_ytd_performance."enforcement_closed" IS '执行结案数：执 and 执恢 closed in the period.';
COMMENT ON COLUMN main.court_ytd_performance."enforcement_enforced" IS '执行完毕数：Of those, closed as enforced (执行完毕).';
COMMENT ON COLUMN main.court_ytd_performance."enforcement_completion_rate" IS '执行完毕率：执 and 执恢 closed as enforced / 执 and 执恢 closed.';
COMMENT ON COLUMN main.court_ytd_performance."first_enforcement_closed" IS '首执结案数：执 closed in the period.';
COMMENT ON COLUMN main.court_ytd_performance."first_enforcement_no_assets" IS '首执终本数：Of those, closed as terminated_no_assets (终本).';
COMMENT ON COLUMN main.court_ytd_performance."first_enforcement_no_assets_rate" IS '首执终本率：执 closed as terminated_no_assets / 执 closed.';
COMMENT ON COLUMN main.court_ytd_performance."first_enforcement_avg_days" IS '首执案件平均用时：Mean duration_days of 执 closed.';
COMMENT ON COLUMN main.court_ytd_performance."judges" IS '结案法官数：Distinct judges with at least one closure.';
COMMENT ON COLUMN main.court_ytd_performance."closed_per_judge" IS '法官人均结案数：closed / judges.';
COMMENT ON COLUMN main.court_ytd_performance."disposition_time_days" IS '处置时间（CEPEJ）：Days in period × pending_end / closed (days in period = end − start + 1).';
CREATE TABLE IF NOT EXISTS main.court_quarter_rankings (
    "quarter" VARCHAR,
    "peer_group" VARCHAR,
    "court_code" VARCHAR,
    "indicator" VARCHAR,
    "value" DOUBLE,
    "direction" VARCHAR,
    "rank" INTEGER,
    "peer_count" INTEGER,
    "group_size" INTEGER,
    "unranked_reason" VARCHAR,
    "peer_mean" DOUBLE,
    "peer_median" DOUBLE,
    "score" DOUBLE,
    "previous_rank" INTEGER,
    "rank_change" INTEGER,
    "standing" VARCHAR,
    "range_low" DOUBLE,
    "range_high" DOUBLE,
    "range_status" VARCHAR,
    "numerator" DOUBLE,
    "denominator" DOUBLE,
    "ci_low" DOUBLE,
    "ci_high" DOUBLE,
    "vs_peer" VARCHAR,
    "previous_value" DOUBLE,
    "qoq_change" DOUBLE,
    "last_year_value" DOUBLE,
    "yoy_change" DOUBLE
);
COMMENT ON TABLE main.court_quarter_rankings IS '法院季度指标排名：One row per quarter × court × ranked indicator (plus composite) over the `all` rows, ranked within the court''s peer group, with range status, confidence interval and change. A court whose every indicator is NULL (no cases) is never ranked: its rows copy one computed stand-in''s (NULL value, zero counts) with its own group size, peer statistics and previous rank.';
COMMENT ON COLUMN main.court_quarter_rankings."quarter" IS '季度：Quarter label YYYYQn, e.g. 2024Q1 = 2024-01-01 … 2024-03-31.';
COMMENT ON COLUMN main.court_quarter_rankings."peer_group" IS '比较组：Courts ranked against each other: level and parent, e.g. basic:甘30.';
COMMENT ON COLUMN main.court_quarter_rankings."court_code" IS '法院代字：Court code as used in case numbers, e.g. 甘3001.';
COMMENT ON COLUMN main.court_quarter_rankings."indicator" IS '指标：Indicator: a column name of the source table (court_quarter_performance …), or composite.';
COMMENT ON COLUMN main.court_quarter_rankings."value" IS '指标值：The indicator''s value (for composite: the weighted mean score).';
COMMENT ON COLUMN main.court_quarter_rankings."direction" IS '指标方向：higher_better / lower_better / target_range (best inside the reasonable range, or at the target when none is configured); declared in warehouse/reference/indicators.csv.';
COMMENT ON COLUMN main.court_quarter_rankings."rank" IS '排名：Standard competition rank among the ranked courts of the peer group, 1 = best (target_range: by distance from the range, 0 inside); ties at 6 decimals; NULL when not ranked (see unranked_reason).';
COMMENT ON COLUMN main.court_quarter_rankings."peer_count" IS '可比法院数：Courts of the group with a value and at least the indicator''s minimum sample (the courts compared); 0 in a group below the minimum size.';
COMMENT ON COLUMN main.court_quarter_rankings."group_size" IS '比较组法院数：Registered courts in the peer group.';
COMMENT ON COLUMN main.court_quarter_rankings."unranked_reason" IS '未排名原因：NULL when ranked; no_value (no value), small_group (peer group below min_peer_group of ranking_rules.csv, default 3), small_sample (denominator below the indicator''s min_sample) or few_peers (fewer than min_peer_group courts of the group left to rank: rank 1 of 1 compares nothing).';
COMMENT ON COLUMN main.court_quarter_rankings."peer_mean" IS '组均值：Mean of the compared courts'' values.';
COMMENT ON COLUMN main.court_quarter_rankings."peer_median" IS '组中位数：Median of the compared courts'' values.';
COMMENT ON COLUMN main.court_quarter_rankings."score" IS '得分：100 × (best − badness) / (worst − best) within the compared courts, badness = −value, value or distance from the range; 100 when all equal; NULL when not ranked.';
COMMENT ON COLUMN main.court_quarter_rankings."previous_rank" IS '上期排名：Rank in the previous quarter.';
COMMENT ON COLUMN main.court_quarter_rankings."rank_change" IS '排名变化：previous_rank − rank (positive = improved).';
COMMENT ON COLUMN main.court_quarter_rankings."standing" IS '优劣势：strength (rank ≤ ⌈n/3⌉ and value not outside its range), weakness (rank > n − ⌈n/3⌉, n ≥ 3) or middle; n = peer_count; NULL when not ranked.';
COMMENT ON COLUMN main.court_quarter_rankings."range_low" IS '合理区间下限：Configured reasonable range, low end; NULL when none.';
COMMENT ON COLUMN main.court_quarter_rankings."range_high" IS '合理区间上限：Configured reasonable range, high end; NULL when none.';
COMMENT ON COLUMN main.court_quarter_rankings."range_status" IS '区间状态：below / within / above the reasonable range, compared with the tolerance of ranking_rules.csv; NULL when none configured.';
COMMENT ON COLUMN main.court_quarter_rankings."numerator" IS '分子：For rates: the numerator behind the value.';
COMMENT ON COLUMN main.court_quarter_rankings."denominator" IS '分母：For rates: the denominator behind the value.';
COMMENT ON COLUMN main.court_quarter_rankings."ci_low" IS '95%置信区间下限：Wilson 95 % interval of a rate indicator, low end.';
COMMENT ON COLUMN main.court_quarter_rankings."ci_high" IS '95%置信区间上限：Wilson 95 % interval of a rate indicator, high end.';
COMMENT ON COLUMN main.court_quarter_rankings."vs_peer" IS '与组均值比较：above / below when the peer mean lies outside the court''s 95 % interval by more than the tolerance, not_distinguishable otherwise; NULL for non-rates.';
COMMENT ON COLUMN main.court_quarter_rankings."previous_value" IS '上期值：Value in the previous quarter (环比基数).';
COMMENT ON COLUMN main.court_quarter_rankings."qoq_change" IS '环比变化：value − previous_value.';
COMMENT ON COLUMN main.court_quarter_rankings."last_year_value" IS '去年同期值：Value in the same quarter a year before (同比基数).';
COMMENT ON COLUMN main.court_quarter_rankings."yoy_change" IS '同比变化：value − last_year_value.';
CREATE TABLE IF NOT EXISTS main.judge_quarter_performance (
    "court_code" VARCHAR,
    "judge" VARCHAR,
    "quarter" VARCHAR,
    "received" BIGINT,
    "closed" BIGINT,
    "pending_end" BIGINT,
    "closed_with_limit" BIGINT,
    "closed_within_limit" BIGINT,
    "within_limit_rate" DOUBLE,
    "within_limit_ci_low" DOUBLE,
    "within_limit_ci_high" DOUBLE,
    "avg_duration_days" DOUBLE,
    "long_pending_12m" BIGINT,
    "overdue_pending" BIGINT,
    "civil_first_closed" BIGINT,
    "mediation_withdrawal" BIGINT,
    "mediation_withdrawal_rate" DOUBLE,
    "mediation_withdrawal_ci_low" DOUBLE,
    "mediation_withdrawal_ci_high" DOUBLE,
    "unranked_reason" VARCHAR,
    "rank_in_court" INTEGER
);
COMMENT ON TABLE main.judge_quarter_performance IS '法官季度审判指标：One row per court × judge × quarter (judges with any case received, closed or pending in the quarter; cases without a judge are not attributed).';
COMMENT ON COLUMN main.judge_quarter_performance."court_code" IS '法院代字：Court code as used in case numbers, e.g. 甘3001.';
COMMENT ON COLUMN main.judge_quarter_performance."judge" IS '承办法官：Judge in charge (trimmed; personal names are never converted).';
COMMENT ON COLUMN main.judge_quarter_performance."quarter" IS '季度：Quarter label YYYYQn, e.g. 2024Q1 = 2024-01-01 … 2024-03-31.';
COMMENT ON COLUMN main.judge_quarter_performance."received" IS '新收：filing_date in the period.';
COMMENT ON COLUMN main.judge_quarter_performance."closed" IS '已结：closing_date in the period.';
COMMENT ON COLUMN main.judge_quarter_performance."pending_end" IS '未结：Filed ≤ end and (closing_date NULL or > end); always carried_over + received − closed.';
COMMENT ON COLUMN main.judge_quarter_performance."closed_with_limit" IS '有审限结案数：Closed cases whose type has a statutory time limit.';
COMMENT ON COLUMN main.judge_quarter_performance."closed_within_limit" IS '审限内结案数：Of closed_with_limit, cases closed on or before their deadline.';
COMMENT ON COLUMN main.judge_quarter_performance."within_limit_rate" IS '法定审限内结案率：closed_within_limit / closed_with_limit.';
COMMENT ON COLUMN main.judge_quarter_performance."within_limit_ci_low" IS '审限内结案率95%区间下限：Wilson 95 % interval of within_limit_rate, low end (0 exactly when none within limit).';
COMMENT ON COLUMN main.judge_quarter_performance."within_limit_ci_high" IS '审限内结案率95%区间上限：Wilson 95 % interval of within_limit_rate, high end (1 exactly when all within limit).';
COMMENT ON COLUMN main.judge_quarter_performance."avg_duration_days" IS '平均审理天数：Mean duration_days of closed cases.';
COMMENT ON COLUMN main.judge_quarter_performance."long_pending_12m" IS '超12个月未结案件数：Pending at end and filed more than 12 calendar months before end.';
COMMENT ON COLUMN main.judge_quarter_performance."overdue_pending" IS '超审限未结案件数：Pending at end and past their deadline_date.';
COMMENT ON COLUMN main.judge_quarter_performance."civil_first_closed" IS '民初结案数：民初 closed in the period (denominator of mediation_withdrawal_rate).';
COMMENT ON COLUMN main.judge_quarter_performance."mediation_withdrawal" IS '调撤结案数：民初 closed with disposition group mediation or withdrawal.';
COMMENT ON COLUMN main.judge_quarter_performance."mediation_withdrawal_rate" IS '调撤率：民初 closed with disposition group mediation or withdrawal / 民初 closed.';
COMMENT ON COLUMN main.judge_quarter_performance."mediation_withdrawal_ci_low" IS '调撤率95%区间下限：Wilson 95 % interval of mediation_withdrawal_rate, low end.';
COMMENT ON COLUMN main.judge_quarter_performance."mediation_withdrawal_ci_high" IS '调撤率95%区间上限：Wilson 95 % interval of mediation_withdrawal_rate, high end.';
COMMENT ON COLUMN main.judge_quarter_performance."unranked_reason" IS '未排名原因：NULL when ranked; no_value (no closed case with a limit), small_sample (fewer than judge_min_sample of within_limit_rate in indicators.csv, default 10) or few_peers (fewer than min_peer_group of ranking_rules.csv, default 3, judges of the court left to rank).';
COMMENT ON COLUMN main.judge_quarter_performance."rank_in_court" IS '院内排名：Competition rank by within_limit_rate among the court''s judges with at least the minimum sample, when there are at least min_peer_group of them (1 = best); NULL when not ranked (see unranked_reason).';
CREATE TABLE IF NOT EXISTS main.deadline_alerts (
    "as_of_date" DATE,
    "case_number" VARCHAR,
    "court_code" VARCHAR,
    "judge" VARCHAR,
    "case_type" VARCHAR,
    "filing_date" DATE,
    "deadline_date" DATE,
    "days_remaining" INTEGER,
    "tier" VARCHAR,
    "tier_rank" INTEGER
);
COMMENT ON TABLE main.deadline_alerts IS '审限预警：Pending cases with a statutory limit that are overdue or near their deadline as of a date (周提醒), in the most severe tier only.';
COMMENT ON COLUMN main.deadline_alerts."as_of_date" IS '统计基准日：The date the list is computed for (D); pending at D means filed on or before D and not closed by D.';
COMMENT ON COLUMN main.deadline_alerts."case_number" IS '案号：Normalized case number (NFKC, full-width brackets, no spaces, serial without leading zeros); the case''s identity.';
COMMENT ON COLUMN main.deadline_alerts."court_code" IS '法院代字：Court code as used in case numbers, e.g. 甘3001.';
COMMENT ON COLUMN main.deadline_alerts."judge" IS '承办法官：Judge in charge (trimmed; personal names are never converted).';
COMMENT ON COLUMN main.deadline_alerts."case_type" IS '类型代字：Case-type code (类型代字) from the case number, e.g. 民初.';
COMMENT ON COLUMN main.deadline_alerts."filing_date" IS '立案日期：Date docketed.';
COMMENT ON COLUMN main.deadline_alerts."deadline_date" IS '审限届满日：filing_date + limit (calendar months clamped to month end, or days) + extension_days + excluded_days; NULL without a limit.';
COMMENT ON COLUMN main.deadline_alerts."days_remaining" IS '剩余天数：deadline_date − as_of_date (negative when overdue).';
COMMENT ON COLUMN main.deadline_alerts."tier" IS '预警级别：超期 (overdue) / 督办 (0–5 days) / 催办 (6–15 days) / 提示 (16–30 days, or ⅔ of the allowed period elapsed); the day ranges and the ⅔ share are the defaults of warehouse/reference/alert_thresholds.csv.';
COMMENT ON COLUMN main.deadline_alerts."tier_rank" IS '预警级别序：1 超期, 2 督办, 3 催办, 4 提示 (for sorting).';
CREATE TABLE IF NOT EXISTS main.long_pending_cases (
    "as_of_date" DATE,
    "case_number" VARCHAR,
    "court_code" VARCHAR,
    "judge" VARCHAR,
    "case_type" VARCHAR,
    "filing_date" DATE,
    "age_days" INTEGER,
    "tier_months" INTEGER
);
COMMENT ON TABLE main.long_pending_cases IS '长期未结案件：Cases pending at a date that were filed more than 12 months before it, with the largest tier (12/18/36 months) that applies.';
COMMENT ON COLUMN main.long_pending_cases."as_of_date" IS '统计基准日：The date the list is computed for (D); pending at D means filed on or before D and not closed by D.';
COMMENT ON COLUMN main.long_pending_cases."case_number" IS '案号：Normalized case number (NFKC, full-width brackets, no spaces, serial without leading zeros); the case''s identity.';
COMMENT ON COLUMN main.long_pending_cases."court_code" IS '法院代字：Court code as used in case numbers, e.g. 甘3001.';
COMMENT ON COLUMN main.long_pending_cases."judge" IS '承办法官：Judge in charge (trimmed; personal names are never converted).';
COMMENT ON COLUMN main.long_pending_cases."case_type" IS '类型代字：Case-type code (类型代字) from the case number, e.g. 民初.';
COMMENT ON COLUMN main.long_pending_cases."filing_date" IS '立案日期：Date docketed.';
COMMENT ON COLUMN main.long_pending_cases."age_days" IS '已立案天数：as_of_date − filing_date.';
COMMENT ON COLUMN main.long_pending_cases."tier_months" IS '长期未结档次：12, 18 or 36: the largest tier whose months have fully passed since filing.';
CREATE TABLE IF NOT EXISTS main.quarter_end_long_pending (
    "quarter" VARCHAR,
    "as_of_date" DATE,
    "case_number" VARCHAR,
    "court_code" VARCHAR,
    "judge" VARCHAR,
    "case_type" VARCHAR,
    "filing_date" DATE,
    "age_days" INTEGER,
    "tier_months" INTEGER
);
COMMENT ON TABLE main.quarter_end_long_pending IS '季末长期未结案件：The long-pending list of the quarterly bulletin: one row per quarter × case pending at the quarter''s last day and filed more than 12 calendar months before it (the long_pending_cases list as of period_end; per court it adds up to long_pending_12m of court_quarter_performance).';
COMMENT ON COLUMN main.quarter_end_long_pending."quarter" IS '季度：Quarter label YYYYQn, e.g. 2024Q1 = 2024-01-01 … 2024-03-31.';
COMMENT ON COLUMN main.quarter_end_long_pending."as_of_date" IS '统计基准日：The date the list is computed for (D); pending at D means filed on or before D and not closed by D.';
COMMENT ON COLUMN main.quarter_end_long_pending."case_number" IS '案号：Normalized case number (NFKC, full-width brackets, no spaces, serial without leading zeros); the case''s identity.';
COMMENT ON COLUMN main.quarter_end_long_pending."court_code" IS '法院代字：Court code as used in case numbers, e.g. 甘3001.';
COMMENT ON COLUMN main.quarter_end_long_pending."judge" IS '承办法官：Judge in charge (trimmed; personal names are never converted).';
COMMENT ON COLUMN main.quarter_end_long_pending."case_type" IS '类型代字：Case-type code (类型代字) from the case number, e.g. 民初.';
COMMENT ON COLUMN main.quarter_end_long_pending."filing_date" IS '立案日期：Date docketed.';
COMMENT ON COLUMN main.quarter_end_long_pending."age_days" IS '已立案天数：as_of_date − filing_date.';
COMMENT ON COLUMN main.quarter_end_long_pending."tier_months" IS '长期未结档次：12, 18 or 36: the largest tier whose months have fully passed since filing.';
CREATE TABLE IF NOT EXISTS main.quarter_end_deadline_alerts (
    "quarter" VARCHAR,
    "as_of_date" DATE,
    "case_number" VARCHAR,
    "court_code" VARCHAR,
    "judge" VARCHAR,
    "case_type" VARCHAR,
    "filing_date" DATE,
    "deadline_date" DATE,
    "days_remaining" INTEGER,
    "tier" VARCHAR,
    "tier_rank" INTEGER
);
COMMENT ON TABLE main.quarter_end_deadline_alerts IS '季末审限预警：The deadline alerts as of each quarter''s last day, in the most severe tier only: tier 超期 is the overdue list of the quarterly bulletin, all tiers its workbook sheet 审限预警.';
COMMENT ON COLUMN main.quarter_end_deadline_alerts."quarter" IS '季度：Quarter label YYYYQn, e.g. 2024Q1 = 2024-01-01 … 2024-03-31.';
COMMENT ON COLUMN main.quarter_end_deadline_alerts."as_of_date" IS '统计基准日：The date the list is computed for (D); pending at D means filed on or before D and not closed by D.';
COMMENT ON COLUMN main.quarter_end_deadline_alerts."case_number" IS '案号：Normalized case number (NFKC, full-width brackets, no spaces, serial without leading zeros); the case''s identity.';
COMMENT ON COLUMN main.quarter_end_deadline_alerts."court_code" IS '法院代字：Court code as used in case numbers, e.g. 甘3001.';
COMMENT ON COLUMN main.quarter_end_deadline_alerts."judge" IS '承办法官：Judge in charge (trimmed; personal names are never converted).';
COMMENT ON COLUMN main.quarter_end_deadline_alerts."case_type" IS '类型代字：Case-type code (类型代字) from the case number, e.g. 民初.';
COMMENT ON COLUMN main.quarter_end_deadline_alerts."filing_date" IS '立案日期：Date docketed.';
COMMENT ON COLUMN main.quarter_end_deadline_alerts."deadline_date" IS '审限届满日：filing_date + limit (calendar months clamped to month end, or days) + extension_days + excluded_days; NULL without a limit.';
COMMENT ON COLUMN main.quarter_end_deadline_alerts."days_remaining" IS '剩余天数：deadline_date − as_of_date (negative when overdue).';
COMMENT ON COLUMN main.quarter_end_deadline_alerts."tier" IS '预警级别：超期 (overdue) / 督办 (0–5 days) / 催办 (6–15 days) / 提示 (16–30 days, or ⅔ of the allowed period elapsed); the day ranges and the ⅔ share are the defaults of warehouse/reference/alert_thresholds.csv.';
COMMENT ON COLUMN main.quarter_end_deadline_alerts."tier_rank" IS '预警级别序：1 超期, 2 督办, 3 催办, 4 提示 (for sorting).';
CREATE TABLE IF NOT EXISTS main.court_quarter_standings (
    "quarter" VARCHAR,
    "court_code" VARCHAR,
    "indicator" VARCHAR,
    "list_kind" VARCHAR,
    "sort_order" INTEGER,
    "value" DOUBLE,
    "rank" INTEGER,
    "peer_count" INTEGER,
    "range_low" DOUBLE,
    "range_high" DOUBLE,
    "range_status" VARCHAR,
    "denominator" DOUBLE,
    "ci_low" DOUBLE,
    "ci_high" DOUBLE,
    "vs_peer" VARCHAR
);
COMMENT ON TABLE main.court_quarter_standings IS '法院季度优势弱势指标：The indicators each court''s profile in the quarterly bulletin lists: one row per quarter × court × indicator × list — strength (优势指标), weakness (弱势指标) or outside_range (合理区间外) — taken from court_quarter_rankings (the composite score is not listed).';
COMMENT ON COLUMN main.court_quarter_standings."quarter" IS '季度：Quarter label YYYYQn, e.g. 2024Q1 = 2024-01-01 … 2024-03-31.';
COMMENT ON COLUMN main.court_quarter_standings."court_code" IS '法院代字：Court code as used in case numbers, e.g. 甘3001.';
COMMENT ON COLUMN main.court_quarter_standings."indicator" IS '指标：Indicator: a column name of the source table (court_quarter_performance …), or composite.';
COMMENT ON COLUMN main.court_quarter_standings."list_kind" IS '所列清单：strength (standing strength: rank in the best third and not outside the range), weakness (standing weakness) or outside_range (range_status below or above).';
COMMENT ON COLUMN main.court_quarter_standings."sort_order" IS '指标序号：The indicator''s sort_order in indicators.csv (the order the bulletin lists them in).';
COMMENT ON COLUMN main.court_quarter_standings."value" IS '指标值：The indicator''s value.';
COMMENT ON COLUMN main.court_quarter_standings."rank" IS '排名：Standard competition rank among the ranked courts of the peer group, 1 = best (target_range: by distance from the range, 0 inside); ties at 6 decimals; NULL when not ranked (see unranked_reason).';
COMMENT ON COLUMN main.court_quarter_standings."peer_count" IS '可比法院数：Courts of the group with a value and at least the indicator''s minimum sample (the courts compared); 0 in a group below the minimum size.';
COMMENT ON COLUMN main.court_quarter_standings."range_low" IS '合理区间下限：Configured reasonable range, low end; NULL when none.';
COMMENT ON COLUMN main.court_quarter_standings."range_high" IS '合理区间上限：Configured reasonable range, high end; NULL when none.';
COMMENT ON COLUMN main.court_quarter_standings."range_status" IS '区间状态：below / within / above the reasonable range, compared with the tolerance of ranking_rules.csv; NULL when none configured.';
COMMENT ON COLUMN main.court_quarter_standings."denominator" IS '分母：For rates: the denominator behind the value.';
COMMENT ON COLUMN main.court_quarter_standings."ci_low" IS '95%置信区间下限：Wilson 95 % interval of a rate indicator, low end.';
COMMENT ON COLUMN main.court_quarter_standings."ci_high" IS '95%置信区间上限：Wilson 95 % interval of a rate indicator, high end.';
COMMENT ON COLUMN main.court_quarter_standings."vs_peer" IS '与组均值比较：above / below when the peer mean lies outside the court''s 95 % interval by more than the tolerance, not_distinguishable otherwise; NULL for non-rates.';
CREATE TABLE IF NOT EXISTS main.case_links (
    "case_number" VARCHAR,
    "court_code" VARCHAR,
    "case_type" VARCHAR,
    "filing_date" DATE,
    "origin_text" VARCHAR,
    "origin_case_number" VARCHAR,
    "origin_status" VARCHAR,
    "origin_known" BOOLEAN,
    "origin_court_code" VARCHAR,
    "link_kind" VARCHAR,
    "root_case_number" VARCHAR,
    "depth" INTEGER,
    "in_cycle" BOOLEAN
);
COMMENT ON TABLE main.case_links IS '案件关联：One row per case naming an origin case (原审案号): the link, whether the origin is a case of the warehouse, and the root of the case''s family (docs/matter_ratio.md).';
COMMENT ON COLUMN main.case_links."case_number" IS '案号：Normalized case number (NFKC, full-width brackets, no spaces, serial without leading zeros); the case''s identity.';
COMMENT ON COLUMN main.case_links."court_code" IS '法院代字：Court code as used in case numbers, e.g. 甘3001.';
COMMENT ON COLUMN main.case_links."case_type" IS '类型代字：Case-type code (类型代字) from the case number, e.g. 民初.';
COMMENT ON COLUMN main.case_links."filing_date" IS '立案日期：Date docketed.';
COMMENT ON COLUMN main.case_links."origin_text" IS '原审案号原文：原审案号 as written in the case''s winning version.';
COMMENT ON COLUMN main.case_links."origin_case_number" IS '原审案号：Normalized number of the case appealed or enforced; NULL when empty or unparseable.';
COMMENT ON COLUMN main.case_links."origin_status" IS '原审案号状态：known (a case of the warehouse) / unknown (a valid number the warehouse does not hold) / malformed (not a case number).';
COMMENT ON COLUMN main.case_links."origin_known" IS '原审案件在库：origin_status = known.';
COMMENT ON COLUMN main.case_links."origin_court_code" IS '原审法院代字：Court of the origin case when known.';
COMMENT ON COLUMN main.case_links."link_kind" IS '关联类型：Kind of the link by the linking case''s type: appeal, retrial_review, retrial, enforcement, enforcement_restoration, enforcement_review or other (warehouse/reference/link_kinds.csv).';
COMMENT ON COLUMN main.case_links."root_case_number" IS '纠纷根案号：Root case of the family (family id): the last case reached by following known origins upward; in a cycle, the smallest case number of the cycle.';
COMMENT ON COLUMN main.case_links."depth" IS '关联层级：Links from the root to this case (an appeal of a first-instance case: 1; enforcement of that appeal: 2).';
COMMENT ON COLUMN main.case_links."in_cycle" IS '关联成环：Following origins from this case meets a case twice (the case is on a cycle or leads into one); reported by a check.';
CREATE TABLE IF NOT EXISTS main.case_families (
    "root_case_number" VARCHAR,
    "court_code" VARCHAR,
    "case_year" INTEGER,
    "root_case_type" VARCHAR,
    "root_filing_date" DATE,
    "root_reason" VARCHAR,
    "originating" BOOLEAN,
    "cases" BIGINT,
    "derived_cases" BIGINT,
    "appeal" BIGINT,
    "retrial_review" BIGINT,
    "retrial" BIGINT,
    "enforcement" BIGINT,
    "enforcement_restoration" BIGINT,
    "enforcement_review" BIGINT,
    "other_derived" BIGINT,
    "courts" BIGINT,
    "first_filing_date" DATE,
    "last_closing_date" DATE,
    "pending_cases" BIGINT,
    "depth" INTEGER
);
COMMENT ON TABLE main.case_families IS '案件族：One row per family of linked cases — a dispute and every case derived from it — identified by its root case; every case belongs to exactly one family (docs/matter_ratio.md).';
COMMENT ON COLUMN main.case_families."root_case_number" IS '纠纷根案号：Root case of the family (family id): the last case reached by following known origins upward; in a cycle, the smallest case number of the cycle.';
COMMENT ON COLUMN main.case_families."court_code" IS '法院代字：Court code as used in case numbers, e.g. 甘3001.';
COMMENT ON COLUMN main.case_families."case_year" IS '收案年度：Year in the case number.';
COMMENT ON COLUMN main.case_families."root_case_type" IS '根案件类型代字：Case-type code of the root.';
COMMENT ON COLUMN main.case_families."root_filing_date" IS '根案件立案日期：Filing date of the root.';
COMMENT ON COLUMN main.case_families."root_reason" IS '成为根的原因：no_origin (names no origin) / unknown_origin (its origin is not in the warehouse) / malformed_origin / cycle.';
COMMENT ON COLUMN main.case_families."originating" IS '计入件数：The root counts as a dispute (件): it names no origin and is a first-instance case or a 执 of a non-litigation instrument.';
COMMENT ON COLUMN main.case_families."cases" IS '族内案件数：Cases in the family, the root included (filed at any date).';
COMMENT ON COLUMN main.case_families."derived_cases" IS '衍生案件数：cases − 1.';
COMMENT ON COLUMN main.case_families."appeal" IS '上诉：Derived appeals.';
COMMENT ON COLUMN main.case_families."retrial_review" IS '申请再审审查：Derived retrial reviews.';
COMMENT ON COLUMN main.case_families."retrial" IS '再审：Derived retrials.';
COMMENT ON COLUMN main.case_families."enforcement" IS '执行：Derived first enforcements.';
COMMENT ON COLUMN main.case_families."enforcement_restoration" IS '恢复执行：Derived resumed enforcements.';
COMMENT ON COLUMN main.case_families."enforcement_review" IS '执行异议复议监督：Derived enforcement objections, reconsiderations, supervision.';
COMMENT ON COLUMN main.case_families."other_derived" IS '其他衍生：Other derived cases.';
COMMENT ON COLUMN main.case_families."courts" IS '涉及法院数：Distinct courts holding a case of the family (across court levels).';
COMMENT ON COLUMN main.case_families."first_filing_date" IS '最早立案日期：Earliest filing date in the family.';
COMMENT ON COLUMN main.case_families."last_closing_date" IS '最晚结案日期：Latest closing date in the family; NULL when none closed.';
COMMENT ON COLUMN main.case_families."pending_cases" IS '未结案件数：Cases of the family not closed.';
COMMENT ON COLUMN main.case_families."depth" IS '族深度：Largest link depth in the family (0 for a lone case).';
CREATE TABLE IF NOT EXISTS main.court_quarter_matter_ratio (
    "court_code" VARCHAR,
    "quarter" VARCHAR,
    "period_start" DATE,
    "period_end" DATE,
    "matters" BIGINT,
    "case_numbers" BIGINT,
    "derived_cases" BIGINT,
    "matter_ratio" DOUBLE,
    "derived_appeal" BIGINT,
    "derived_retrial_review" BIGINT,
    "derived_retrial" BIGINT,
    "derived_enforcement" BIGINT,
    "derived_enforcement_restoration" BIGINT,
    "derived_enforcement_review" BIGINT,
    "derived_other" BIGINT,
    "matters_with_derived" BIGINT,
    "derived_matter_share" DOUBLE
);
COMMENT ON TABLE main.court_quarter_matter_ratio IS '法院季度案件比：One row per originating court × quarter (every registered court): 件 (disputes whose root was filed in the quarter), 案 (those plus derived cases filed by the quarter''s end, period_end being also the as-of date), 案件比 and derived cases by kind. Formula: docs/matter_ratio.md.';
COMMENT ON COLUMN main.court_quarter_matter_ratio."court_code" IS '法院代字：Court code as used in case numbers, e.g. 甘3001.';
COMMENT ON COLUMN main.court_quarter_matter_ratio."quarter" IS '季度：Quarter label YYYYQn, e.g. 2024Q1 = 2024-01-01 … 2024-03-31.';
COMMENT ON COLUMN main.court_quarter_matter_ratio."period_start" IS '统计期间起：First day of the period.';
COMMENT ON COLUMN main.court_quarter_matter_ratio."period_end" IS '统计期间止：Last day of the period.';
COMMENT ON COLUMN main.court_quarter_matter_ratio."matters" IS '件（纠纷数）：Originating root cases filed in the period at the court (first-instance cases and 执 of non-litigation instruments naming no origin); denominator of matter_ratio (docs/matter_ratio.md).';
COMMENT ON COLUMN main.court_quarter_matter_ratio."case_numbers" IS '案（案号数）：matters + derived_cases: every case number of those disputes'' families filed by period_end; numerator of matter_ratio (docs/matter_ratio.md).';
COMMENT ON COLUMN main.court_quarter_matter_ratio."derived_cases" IS '衍生案件数：Cases linked (at any depth, at any court) to a dispute counted in matters and filed by period_end.';
COMMENT ON COLUMN main.court_quarter_matter_ratio."matter_ratio" IS '案件比：case_numbers / matters (case numbers per dispute, printed 1 : x; 1 is ideal); NULL when matters = 0 (docs/matter_ratio.md §Formula).';
COMMENT ON COLUMN main.court_quarter_matter_ratio."derived_appeal" IS '衍生上诉案件数：Of derived_cases, appeals (民终/刑终/行终/民辖终).';
COMMENT ON COLUMN main.court_quarter_matter_ratio."derived_retrial_review" IS '衍生申请再审审查案件数：Of derived_cases, retrial reviews (民申/刑申/行申).';
COMMENT ON COLUMN main.court_quarter_matter_ratio."derived_retrial" IS '衍生再审案件数：Of derived_cases, retrials (民再/刑再/行再).';
COMMENT ON COLUMN main.court_quarter_matter_ratio."derived_enforcement" IS '衍生执行案件数：Of derived_cases, first enforcement of a judgment (执 naming an origin).';
COMMENT ON COLUMN main.court_quarter_matter_ratio."derived_enforcement_restoration" IS '衍生恢复执行案件数：Of derived_cases, resumed enforcement (执恢).';
COMMENT ON COLUMN main.court_quarter_matter_ratio."derived_enforcement_review" IS '衍生执行异议复议监督案件数：Of derived_cases, enforcement objections, reconsiderations and supervision (执异/执复/执监).';
COMMENT ON COLUMN main.court_quarter_matter_ratio."derived_other" IS '其他衍生案件数：Of derived_cases, every other type naming an origin (监督, 抗诉, 保全, …).';
COMMENT ON COLUMN main.court_quarter_matter_ratio."matters_with_derived" IS '产生衍生案件的纠纷数：Of matters, disputes with at least one derived case filed by period_end; numerator of derived_matter_share.';
COMMENT ON COLUMN main.court_quarter_matter_ratio."derived_matter_share" IS '纠纷衍生率：matters_with_derived / matters; NULL when matters = 0 (docs/matter_ratio.md).';
CREATE TABLE IF NOT EXISTS main.court_ytd_matter_ratio (
    "court_code" VARCHAR,
    "quarter" VARCHAR,
    "period_start" DATE,
    "period_end" DATE,
    "matters" BIGINT,
    "case_numbers" BIGINT,
    "derived_cases" BIGINT,
    "matter_ratio" DOUBLE,
    "derived_appeal" BIGINT,
    "derived_retrial_review" BIGINT,
    "derived_retrial" BIGINT,
    "derived_enforcement" BIGINT,
    "derived_enforcement_restoration" BIGINT,
    "derived_enforcement_review" BIGINT,
    "derived_other" BIGINT,
    "matters_with_derived" BIGINT,
    "derived_matter_share" DOUBLE
);
COMMENT ON TABLE main.court_ytd_matter_ratio IS '法院年度累计案件比：Same columns as court_quarter_matter_ratio for disputes whose root was filed Jan 1 … the quarter''s end, labelled by the quarter it ends. Formula: docs/matter_ratio.md.';
COMMENT ON COLUMN main.court_ytd_matter_ratio."court_code" IS '法院代字：Court code as used in case numbers, e.g. 甘3001.';
COMMENT ON COLUMN main.court_ytd_matter_ratio."quarter" IS '季度：Quarter label YYYYQn, e.g. 2024Q1 = 2024-01-01 … 2024-03-31.';
COMMENT ON COLUMN main.court_ytd_matter_ratio."period_start" IS '统计期间起：First day of the period.';
COMMENT ON COLUMN main.court_ytd_matter_ratio."period_end" IS '统计期间止：Last day of the period.';
COMMENT ON COLUMN main.court_ytd_matter_ratio."matters" IS '件（纠纷数）：Originating root cases filed in the period at the court (first-instance cases and 执 of non-litigation instruments naming no origin); denominator of matter_ratio (docs/matter_ratio.md).';
COMMENT ON COLUMN main.court_ytd_matter_ratio."case_numbers" IS '案（案号数）：matters + derived_cases: every case number of those disputes'' families filed by period_end; numerator of matter_ratio (docs/matter_ratio.md).';
COMMENT ON COLUMN main.court_ytd_matter_ratio."derived_cases" IS '衍生案件数：Cases linked (at any depth, at any court) to a dispute counted in matters and filed by period_end.';
COMMENT ON COLUMN main.court_ytd_matter_ratio."matter_ratio" IS '案件比：case_numbers / matters (case numbers per dispute, printed 1 : x; 1 is ideal); NULL when matters = 0 (docs/matter_ratio.md §Formula).';
COMMENT ON COLUMN main.court_ytd_matter_ratio."derived_appeal" IS '衍生上诉案件数：Of derived_cases, appeals (民终/刑终/行终/民辖终).';
COMMENT ON COLUMN main.court_ytd_matter_ratio."derived_retrial_review" IS '衍生申请再审审查案件数：Of derived_cases, retrial reviews (民申/刑申/行申).';
COMMENT ON COLUMN main.court_ytd_matter_ratio."derived_retrial" IS '衍生再审案件数：Of derived_cases, retrials (民再/刑再/行再).';
COMMENT ON COLUMN main.court_ytd_matter_ratio."derived_enforcement" IS '衍生执行案件数：Of derived_cases, first enforcement of a judgment (执 naming an origin).';
COMMENT ON COLUMN main.court_ytd_matter_ratio."derived_enforcement_restoration" IS '衍生恢复执行案件数：Of derived_cases, resumed enforcement (执恢).';
COMMENT ON COLUMN main.court_ytd_matter_ratio."derived_enforcement_review" IS '衍生执行异议复议监督案件数：Of derived_cases, enforcement objections, reconsiderations and supervision (执异/执复/执监).';
COMMENT ON COLUMN main.court_ytd_matter_ratio."derived_other" IS '其他衍生案件数：Of derived_cases, every other type naming an origin (监督, 抗诉, 保全, …).';
COMMENT ON COLUMN main.court_ytd_matter_ratio."matters_with_derived" IS '产生衍生案件的纠纷数：Of matters, disputes with at least one derived case filed by period_end; numerator of derived_matter_share.';
COMMENT ON COLUMN main.court_ytd_matter_ratio."derived_matter_share" IS '纠纷衍生率：matters_with_derived / matters; NULL when matters = 0 (docs/matter_ratio.md).';
CREATE TABLE IF NOT EXISTS main.issued_reports (
    "report_id" VARCHAR,
    "kind" VARCHAR,
    "period" VARCHAR,
    "version" INTEGER,
    "as_of_date" DATE,
    "issued_at" TIMESTAMP,
    "file_paths" VARCHAR[],
    "file_sha256" VARCHAR[],
    "figures" BIGINT
);
COMMENT ON TABLE main.issued_reports IS '已发布通报：One row per issued version of a bulletin: what was issued, when, on which data, and the SHA-256 of every file written. Issuing the same kind and period again writes a new version only when asked (--reissue); earlier versions'' files are kept.';
COMMENT ON COLUMN main.issued_reports."report_id" IS '通报编号：Issued bulletin: <kind>/<period>/v<version>, e.g. quarterly/2024Q3/v1.';
COMMENT ON COLUMN main.issued_reports."kind" IS '通报类型：Kind of the bulletin: quarterly (季度通报).';
COMMENT ON COLUMN main.issued_reports."period" IS '统计期间：The period the bulletin reports, e.g. 2024Q3.';
COMMENT ON COLUMN main.issued_reports."version" IS '版本：1 for the first issue; +1 per reissue.';
COMMENT ON COLUMN main.issued_reports."as_of_date" IS '数据截至日期：Latest export date among the files loaded when the bulletin was issued.';
COMMENT ON COLUMN main.issued_reports."issued_at" IS '发布时间：When the bulletin was issued (Asia/Shanghai).';
COMMENT ON COLUMN main.issued_reports."file_paths" IS '文件路径：The files written, relative to the reports folder.';
COMMENT ON COLUMN main.issued_reports."file_sha256" IS '文件哈希：SHA-256 of each file of file_paths, in the same order.';
COMMENT ON COLUMN main.issued_reports."figures" IS '数字个数：Rows recorded in issued_figures for this version.';
CREATE TABLE IF NOT EXISTS main.issued_figures (
    "report_id" VARCHAR,
    "source" VARCHAR,
    "court_code" VARCHAR,
    "category" VARCHAR,
    "indicator" VARCHAR,
    "value" DOUBLE,
    "numerator" DOUBLE,
    "denominator" DOUBLE
);
COMMENT ON TABLE main.issued_figures IS '已发布数字：Every number an issued bulletin printed from the marts, one row per report × source table × court × category × indicator, with its numerator and denominator for rates.';
COMMENT ON COLUMN main.issued_figures."report_id" IS '通报编号：Issued bulletin: <kind>/<period>/v<version>, e.g. quarterly/2024Q3/v1.';
COMMENT ON COLUMN main.issued_figures."source" IS '来源表：Mart the number was read from, e.g. court_quarter_performance.';
COMMENT ON COLUMN main.issued_figures."court_code" IS '法院代字：Court code as used in case numbers, e.g. 甘3001.';
COMMENT ON COLUMN main.issued_figures."category" IS '案件类别：Category row of the performance tables; `all` for tables without categories.';
COMMENT ON COLUMN main.issued_figures."indicator" IS '指标：Indicator: a column name of the source table (court_quarter_performance …), or composite.';
COMMENT ON COLUMN main.issued_figures."value" IS '数值：The number as issued (NULL when the bulletin printed no value).';
COMMENT ON COLUMN main.issued_figures."numerator" IS '分子：For rates: the numerator behind the value.';
COMMENT ON COLUMN main.issued_figures."denominator" IS '分母：For rates: the denominator behind the value.';
CREATE TABLE IF NOT EXISTS main.restatements (
    "report_id" VARCHAR,
    "kind" VARCHAR,
    "period" VARCHAR,
    "source" VARCHAR,
    "court_code" VARCHAR,
    "category" VARCHAR,
    "indicator" VARCHAR,
    "issued_value" DOUBLE,
    "current_value" DOUBLE,
    "difference" DOUBLE,
    "issued_numerator" DOUBLE,
    "current_numerator" DOUBLE,
    "issued_denominator" DOUBLE,
    "current_denominator" DOUBLE,
    "cases" VARCHAR[],
    "case_count" BIGINT
);
COMMENT ON TABLE main.restatements IS '更正说明：One row per issued figure (of the latest version of each issued bulletin) whose current value differs from the issued one, with the cases whose arrival or correction after the issue moved it. Rebuilt after every run.';
COMMENT ON COLUMN main.restatements."report_id" IS '通报编号：Issued bulletin: <kind>/<period>/v<version>, e.g. quarterly/2024Q3/v1.';
COMMENT ON COLUMN main.restatements."kind" IS '通报类型：Kind of the bulletin: quarterly (季度通报).';
COMMENT ON COLUMN main.restatements."period" IS '统计期间：The period the bulletin reports, e.g. 2024Q3.';
COMMENT ON COLUMN main.restatements."source" IS '来源表：Mart the figure comes from.';
COMMENT ON COLUMN main.restatements."court_code" IS '法院代字：Court code as used in case numbers, e.g. 甘3001.';
COMMENT ON COLUMN main.restatements."category" IS '案件类别：Category row (`all` for tables without categories).';
COMMENT ON COLUMN main.restatements."indicator" IS '指标：Indicator: a column name of the source table (court_quarter_performance …), or composite.';
COMMENT ON COLUMN main.restatements."issued_value" IS '原发布值：The value as issued.';
COMMENT ON COLUMN main.restatements."current_value" IS '现值：The value now (NULL when the row no longer exists).';
COMMENT ON COLUMN main.restatements."difference" IS '差额：current_value − issued_value; NULL when either is NULL.';
COMMENT ON COLUMN main.restatements."issued_numerator" IS '原分子：Numerator as issued (rates).';
COMMENT ON COLUMN main.restatements."current_numerator" IS '现分子：Numerator now (rates).';
COMMENT ON COLUMN main.restatements."issued_denominator" IS '原分母：Denominator as issued (rates).';
COMMENT ON COLUMN main.restatements."current_denominator" IS '现分母：Denominator now (rates).';
COMMENT ON COLUMN main.restatements."cases" IS '涉及案件：Cases with a version from a file ingested after the bulletin was issued that are now in the figure''s numerator or denominator (the case sets of `courts explain`), or else active at the court in the period; sorted.';
COMMENT ON COLUMN main.restatements."case_count" IS '涉及案件数：len(cases).';
