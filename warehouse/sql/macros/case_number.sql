-- Case-number (案号) macros: the SQL side of warehouse/casenumber.py.
-- The {{…}} placeholders are filled by `casenumber.macros_sql()` with the grammar built
-- from reference/provinces.csv, specialized_codes.csv and case_types.csv; Python's
-- `casenumber.parse` uses the very same translation table, patterns and error rules, and
-- tests/test_casenumber.py asserts both give identical results.
--
--   cn_clean(s)   the number with whitespace removed and forms folded (（）, digits, 號→号 …)
--   cn_fields(s)  STRUCT(valid, style, year, court_code, specialized, case_type, serial,
--                 suffix, normalized): what the normalization needs
--   cn_parse(s)   STRUCT(input, valid, style, year, court_code, specialized, case_type,
--                 category, instance, serial, suffix, normalized, error)
--   cn_normalize(s)  the normalized number or NULL
--   cn_match(s), cn_m_<field>(s, m)  cn_fields in two steps, for set-based SQL that
--                 computes the match as a column first (warehouse/sql/staging_case_rows.sql)

-- The translation only runs when the text holds a character it would change.
CREATE OR REPLACE TEMP MACRO cn_clean(s) AS
    CASE
        WHEN regexp_matches(coalesce(s, ''), {{DIRTY_CLASS}})
            THEN translate(coalesce(s, ''), {{TRANSLATE_FROM}}, {{TRANSLATE_TO}})
        ELSE coalesce(s, '')
    END;

-- Why a cleaned text is not a case number: the first rule it fails.
CREATE OR REPLACE TEMP MACRO cn_error(c) AS
    CASE
        {{ERROR_CASE}}
        ELSE {{FINAL_ERROR}}
    END;

CREATE OR REPLACE TEMP MACRO cn_category(t) AS {{CATEGORY_MAP}}[t];

CREATE OR REPLACE TEMP MACRO cn_instance(t) AS {{INSTANCE_MAP}}[t];

-- Legacy numbers: the type text without its tribunal numeral, when that is a known type.
CREATE OR REPLACE TEMP MACRO cn_legacy_type(type_text) AS
    CASE
        WHEN list_contains({{CASE_TYPES}}, regexp_replace(type_text, {{TRIBUNAL_NUMERALS}}, '', 'g'))
            THEN regexp_replace(type_text, {{TRIBUNAL_NUMERALS}}, '', 'g')
    END;

CREATE OR REPLACE TEMP MACRO cn_legacy_match(c) AS
    regexp_extract(c, {{LEGACY}}, ['year', 'court', 'type_text', 'serial', 'suffix']);

-- cn_match(s): the standard pattern's match of the cleaned text ('' fields when none).
CREATE OR REPLACE TEMP MACRO cn_match(s) AS
    regexp_extract(cn_clean(s), {{STANDARD}}, ['year', 'court_code', 'specialized', 'case_type', 'serial', 'suffix']);

-- The parsed fields from the text s and its standard match m, one macro per field. The
-- legacy pattern only runs, inside CASE branches, on texts the standard pattern missed.
-- Pass m as a column (computed by cn_match in an earlier CTE) so it is evaluated once.
CREATE OR REPLACE TEMP MACRO cn_m_valid(s, m) AS
    CASE WHEN m.year <> '' THEN true ELSE cn_legacy_match(cn_clean(s)).year <> '' END;

CREATE OR REPLACE TEMP MACRO cn_m_style(s, m) AS
    CASE WHEN m.year <> '' THEN 'standard' WHEN cn_legacy_match(cn_clean(s)).year <> '' THEN 'legacy' END;

CREATE OR REPLACE TEMP MACRO cn_m_year(s, m) AS
    (CASE WHEN m.year <> '' THEN m.year ELSE nullif(cn_legacy_match(cn_clean(s)).year, '') END)::INTEGER;

CREATE OR REPLACE TEMP MACRO cn_m_court_code(s, m) AS nullif(m.court_code, '');

CREATE OR REPLACE TEMP MACRO cn_m_specialized(s, m) AS nullif(m.specialized, '');

CREATE OR REPLACE TEMP MACRO cn_m_case_type(s, m) AS
    CASE WHEN m.year <> '' THEN m.case_type ELSE cn_legacy_type(cn_legacy_match(cn_clean(s)).type_text) END;

CREATE OR REPLACE TEMP MACRO cn_m_serial(s, m) AS
    (CASE WHEN m.year <> '' THEN m.serial ELSE nullif(cn_legacy_match(cn_clean(s)).serial, '') END)::BIGINT;

CREATE OR REPLACE TEMP MACRO cn_m_suffix(s, m) AS
    nullif(CASE WHEN m.year <> '' THEN m.suffix ELSE cn_legacy_match(cn_clean(s)).suffix END, '');

CREATE OR REPLACE TEMP MACRO cn_m_normalized(s, m) AS
    CASE
        WHEN m.year <> '' THEN
            '（' || m.year || '）' || m.court_code || m.specialized || m.case_type || m.serial || '号' || m.suffix
        WHEN cn_legacy_match(cn_clean(s)).year <> '' THEN
            '（' || cn_legacy_match(cn_clean(s)).year || '）' || cn_legacy_match(cn_clean(s)).court
            || cn_legacy_match(cn_clean(s)).type_text || '字第' || cn_legacy_match(cn_clean(s)).serial || '号'
            || cn_legacy_match(cn_clean(s)).suffix
    END;

CREATE OR REPLACE TEMP MACRO cn_from_match(s, m) AS {
    'valid': cn_m_valid(s, m),
    'style': cn_m_style(s, m),
    'year': cn_m_year(s, m),
    'court_code': cn_m_court_code(s, m),
    'specialized': cn_m_specialized(s, m),
    'case_type': cn_m_case_type(s, m),
    'serial': cn_m_serial(s, m),
    'suffix': cn_m_suffix(s, m),
    'normalized': cn_m_normalized(s, m)
};

-- cn_fields(s): the parsed fields the normalization needs (the lambda binds the match once).
CREATE OR REPLACE TEMP MACRO cn_fields(s) AS
    list_transform([cn_match(s)], lambda m: cn_from_match(s, m))[1];

-- cn_parse(s): every field of the command's JSON object.
CREATE OR REPLACE TEMP MACRO cn_parse(s) AS
    list_transform([cn_fields(s)], lambda f: {
        'input': s::VARCHAR,
        'valid': f.valid,
        'style': f.style,
        'year': f.year,
        'court_code': f.court_code,
        'specialized': f.specialized,
        'case_type': f.case_type,
        'category': cn_category(f.case_type)::VARCHAR,
        'instance': cn_instance(f.case_type)::VARCHAR,
        'serial': f.serial,
        'suffix': f.suffix,
        'normalized': f.normalized,
        'error': CASE WHEN NOT f.valid THEN cn_error(cn_clean(s)) END
    })[1];

-- The normalized number, or NULL when the text is not a valid case number.
CREATE OR REPLACE TEMP MACRO cn_normalize(s) AS cn_fields(s).normalized;
