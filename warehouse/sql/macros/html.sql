-- html macro: a value as text escaped for HTML exactly as the report templates' autoescape
-- (markupsafe) escapes it: & < > " ' become &amp; &lt; &gt; &#34; &#39;. For the report
-- queries that render long case lists as table rows in SQL (reports/sql/weekly_sections.sql),
-- where Jinja would spend seconds a page. NULL stays NULL.
create or replace temp macro html(x) as
    replace(replace(replace(replace(replace(cast(x as varchar),
        '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), '"', '&#34;'), '''', '&#39;');
