-- Value macros for the normalization of raw rows (warehouse/sql/staging_case_rows.sql).
-- Registered on a connection by `warehouse.values.register_sql`.
--
--   v_fold(s)       for dates and numbers: full-width digits and the punctuation they use
--                   (＋，－．／：ＴＺ) folded to ASCII, ideographic and no-break spaces to
--                   spaces, trimmed; NULL when nothing is left
--   v_text(s)       any text trimmed of ASCII, ideographic and no-break spaces; NULL when empty
--   v_timestamp(s)  a date or date-time in any export style (spec/export-format.md):
--                   2024-01-05, 2024/1/5, 2024.1.5, 2024年1月5日, 20240105, an Excel serial
--                   number (45296 or 45296.5), each optionally followed by a time
--                   (10:30, 10:30:15, 10时30分15秒, T10:30:00+08:00); NULL when unreadable.
--                   Stray spaces around the separators are insignificant (2024 年 1 月 5 日,
--                   2024 - 01 - 05); the compact 20240105 takes none.
--                   A time zone offset is converted to Asia/Shanghai local time.
--   v_amount(s)     yuan: thousands separators, spaces, 元 and ¥ removed; NULL when unreadable
--   v_days(s)       whole days: an integer, optionally 3.0 or 3天; NULL when unreadable
--   v_number(s)     the number an amount or day count writes (DOUBLE, any size or sign,
--                   元/¥/天/separators removed), to tell a negative or out-of-range value
--                   from an unreadable one; NULL when it is not a number

-- Most values need nothing: one regex scan decides. (DuckDB's translate() costs about
-- a microsecond per character of its map, so the map holds only what dates and numbers use.)
CREATE OR REPLACE TEMP MACRO v_fold(s) AS
    CASE
        WHEN NOT regexp_matches(s, '[０-９＋，－．／：ＴＺ\x{3000}\x{A0}]|^\s|\s$') THEN nullif(s, '')
        ELSE nullif(
            trim(
                translate(s, '０１２３４５６７８９＋，－．／：ＴＺ' || chr(12288) || chr(160), '0123456789+,-./:TZ  '),
                ' ' || chr(9) || chr(10) || chr(13) || chr(11) || chr(12)),
            '')
    END;

-- Text without surrounding whitespace (ASCII, ideographic, no-break); NULL when empty.
CREATE OR REPLACE TEMP MACRO v_text(s) AS
    CASE
        WHEN NOT regexp_matches(s, '^[\s\x{3000}\x{A0}]|[\s\x{3000}\x{A0}]$') THEN nullif(s, '')
        ELSE nullif(regexp_replace(s, '^[\s\x{3000}\x{A0}]+|[\s\x{3000}\x{A0}]+$', '', 'g'), '')
    END;

CREATE OR REPLACE TEMP MACRO v_local_timestamp(y, mo, d, h, mi, sec) AS
    try_strptime(
        y || '-' || mo || '-' || d || ' ' || coalesce(nullif(h, ''), '0') || ':'
          || coalesce(nullif(mi, ''), '0') || ':' || coalesce(nullif(sec, ''), '0'),
        '%Y-%m-%d %H:%M:%S');

CREATE OR REPLACE TEMP MACRO v_timestamp(s) AS
    CASE
        WHEN s IS NULL THEN NULL::TIMESTAMP
        -- the common ISO forms first (a cast is much cheaper than the general pattern)
        WHEN regexp_full_match(s, '[0-9]{4}-[0-9]{2}-[0-9]{2}( [0-9]{2}:[0-9]{2}:[0-9]{2})?')
            THEN try_cast(s AS TIMESTAMP)
        -- Excel serial day numbers (1900 date system; day 0 = 1899-12-30), with a time as
        -- the fraction of the day
        WHEN regexp_full_match(s, '[0-9]{5}(\.[0-9]+)?')
            THEN TIMESTAMP '1899-12-30 00:00:00'
                 + to_seconds(round(s::DOUBLE * 86400)::BIGINT)
        ELSE list_transform([regexp_extract(s,
                '^([0-9]{4})(?:\s*[-/.年]\s*([0-9]{1,2})\s*[-/.月]\s*([0-9]{1,2})\s*日?|([0-9]{2})([0-9]{2}))'
                || '[T\s]*'
                || '(?:([0-9]{1,2})\s*[:时]\s*([0-9]{1,2})(?:\s*[:分]\s*([0-9]{1,2})(?:\.[0-9]+)?\s*秒?|\s*分)?)?'
                || '\s*(Z|[+-][0-9]{2}:?[0-9]{2})?$',
                ['y', 'mo', 'd', 'cmo', 'cd', 'h', 'mi', 'sec', 'tz'])], lambda p:
            CASE
                WHEN p.y = '' THEN NULL::TIMESTAMP
                WHEN p.tz = '' THEN v_local_timestamp(p.y, coalesce(nullif(p.mo, ''), p.cmo),
                                                      coalesce(nullif(p.d, ''), p.cd), p.h, p.mi, p.sec)
                ELSE timezone('Asia/Shanghai', timezone('UTC',
                        v_local_timestamp(p.y, coalesce(nullif(p.mo, ''), p.cmo),
                                          coalesce(nullif(p.d, ''), p.cd), p.h, p.mi, p.sec)
                        - to_minutes(CASE WHEN p.tz = 'Z' THEN 0
                                          ELSE (CASE WHEN p.tz[1] = '-' THEN -1 ELSE 1 END)
                                               * (p.tz[2:3]::INTEGER * 60 + right(p.tz, 2)::INTEGER)
                                     END)))
            END)[1]
    END;

CREATE OR REPLACE TEMP MACRO v_amount(s) AS
    try_cast(regexp_replace(s, '[,，\s元¥￥]', '', 'g') AS DECIMAL(18, 2));

CREATE OR REPLACE TEMP MACRO v_days(s) AS
    CASE
        WHEN regexp_full_match(s, '[0-9]{1,6}') THEN s::INTEGER
        WHEN regexp_full_match(regexp_replace(s, '[\s天日]', '', 'g'), '[+-]?[0-9]{1,6}(\.0*)?')
            THEN try_cast(regexp_replace(regexp_replace(s, '[\s天日]', '', 'g'), '\.0*$', '') AS INTEGER)
    END;

CREATE OR REPLACE TEMP MACRO v_number(s) AS
    list_transform([regexp_replace(s, '[,，\s元¥￥天日]', '', 'g')], lambda c:
        CASE WHEN regexp_full_match(c, '[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]{1,3})?') THEN c::DOUBLE END)[1];
