"""DuckDB model SQL to Spark SQL, from one source of truth: the `.sql` files in
`warehouse/sql/` are the only definition of a table; this module translates them.

What belongs here: the translation pipeline and its dialect shims, each small and
tested (`tests/test_spark_parity.py`):

1. `expand_macros` — DuckDB table macros (`warehouse/sql/macros/performance.sql`) are
   inlined as subqueries, `query_table(periods)` becoming the relation passed in;
2. `resolve_stars` — DuckDB-only projections (`* EXCLUDE`, `* REPLACE`,
   `COLUMNS(* EXCLUDE …)`, `UNION ALL BY NAME`) are expanded to explicit column lists.
   The column lists are asked of DuckDB itself (`DESCRIBE` of the projection over an
   empty warehouse with the declared schema), so there is no second schema model;
   `UNPIVOT … IN (COLUMNS(* EXCLUDE …))` gets its explicit column list the same way;
3. function shims — `DATE - DATE` (DuckDB: days) becomes `datediff`, `quantile_cont(x, p)`
   becomes Spark's interpolating `percentile(x, p)`, `main.` qualifiers are dropped and
   the `scoped_*` views read their tables (Spark rebuilds every court of a quarter);
   `agg(x) FILTER (WHERE p) OVER w` (Spark has no FILTER on window aggregates) becomes
   `agg(CASE WHEN p THEN x END) OVER w`, and a named window in arithmetic is
   parenthesized (Spark would read `OVER w - x` as the identifier `w-x`); ordered aggregates `sum(x ORDER BY y)` lose
   their ORDER BY, `row_number() OVER ()` is ordered by `monotonically_increasing_id()`
   (DuckDB orders only to make float sums reproducible; the parity test
   allows 1e-12); `error(msg)` becomes `raise_error(msg)`;
4. sqlglot writes the result as Spark SQL (QUALIFY, `::` casts, intervals, FILTER …).
"""
from __future__ import annotations

import functools
import re

import duckdb
import sqlglot
from sqlglot import exp

from warehouse.models import MACRO_DIR, SCOPED, SHARED_MACROS, sql_text
from warehouse.tables import TABLES

_MACRO = re.compile(
    r"create\s+or\s+replace\s+temp\s+macro\s+(\w+)\s*\((\w+)\)\s+as\s+table\s+(.*?);\s*(?=create\s|\Z)",
    re.S | re.I,
)

# columns the models treat as dates, from the declared schema and the model parameters
DATE_COLUMNS = frozenset(
    {c.name for t in TABLES for c in t.columns if c.type == "DATE"}
    | {"period_start", "period_end", "year_start", "as_of_date", "cutoff_12m", "cutoff_18m", "cutoff_36m"}
)


def _strip_comments(sql: str) -> str:
    return "\n".join(line.split("--", 1)[0] for line in sql.splitlines())


_SCALAR_MACRO = re.compile(
    r"create\s+or\s+replace\s+temp\s+macro\s+(\w+)\s*\(([\w\s,]*)\)\s+as\s+(?!table\b)(.*?);", re.S | re.I)


@functools.cache
def macros() -> dict[str, tuple[str, str]]:
    """{macro name: (parameter, body)} of the shared table macros."""
    out: dict[str, tuple[str, str]] = {}
    for name in SHARED_MACROS:
        text = _strip_comments((MACRO_DIR / f"{name}.sql").read_text(encoding="utf-8"))
        out.update({m.group(1): (m.group(2), m.group(3).strip()) for m in _MACRO.finditer(text)})
    return out


@functools.cache
def scalar_macros() -> dict[str, tuple[list[str], exp.Expression]]:
    """{macro name: (parameters, parsed body)} of the shared scalar macros (wilson_low …)."""
    out = {}
    for name in SHARED_MACROS:
        text = _strip_comments((MACRO_DIR / f"{name}.sql").read_text(encoding="utf-8"))
        for m in _SCALAR_MACRO.finditer(text):
            params = [p.strip() for p in m.group(2).split(",") if p.strip()]
            out[m.group(1).lower()] = (params, sqlglot.parse_one(m.group(3), read="duckdb"))
    return out


def inline_scalar_macros(tree: exp.Expression) -> exp.Expression:
    """Replace each call of a scalar macro by its body, parameters bound to the arguments."""
    known = scalar_macros()

    def inline(node):
        if isinstance(node, exp.Anonymous) and str(node.this).lower() in known:
            params, body = known[str(node.this).lower()]
            args = dict(zip(params, node.expressions, strict=True))
            return body.copy().transform(
                lambda n: exp.Paren(this=args[n.name].copy()) if isinstance(n, exp.Column) and not n.table
                and n.name in args else n)
        return node

    return tree.transform(inline)


# words that may follow a FROM item and are not its alias
_NOT_ALIAS = ("(?:join|left|right|inner|full|cross|natural|anti|semi|positional|asof|on|using|where|group|order"
              "|having|qualify|window|union|except|intersect|limit|offset|select|from)")


def expand_macros(sql: str) -> str:
    """Inline every call `macro('relation')` (or `macro(relation)`) as a subquery."""
    sql = _strip_comments(sql)
    for name, (param, body) in macros().items():
        # the call, and the alias the caller gave it if any (`macro('x') l`, `… AS l`)
        call = re.compile(rf"\b{name}\s*\(\s*'?(\w+)'?\s*\)(?:\s+(?:as\s+)?(?!{_NOT_ALIAS}\b)(\w+))?",
                          re.IGNORECASE)

        def inline(m, name=name, param=param, body=body):
            inner = re.sub(rf"\bquery_table\s*\(\s*{param}\s*\)", m.group(1), body)
            for other in macros():  # a macro passing its parameter on to another macro
                inner = re.sub(rf"\b{other}\s*\(\s*{param}\s*\)", f"{other}('{m.group(1)}')", inner)
            return f"(\n{expand_macros(inner)}\n) AS {m.group(2) or f'{name}__{m.group(1)}'}"

        sql = call.sub(inline, sql)
    return sql


def schema_connection() -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with every declared table (empty), the reference views and the
    parameter tables: enough to DESCRIBE any model projection."""
    from warehouse import models
    from warehouse.ddl import ensure_schema

    con = duckdb.connect()
    ensure_schema(con)
    models.register_reference_views(con)
    models.set_quarters(con, [])
    models.set_as_of(con, [])
    models.set_courts(con, None)
    return con


def _ancestor_withs(node: exp.Expression) -> list[exp.With]:
    out = []
    p = node.parent
    while p is not None:
        w = p.args.get("with_") if isinstance(p, exp.Query) else None
        if w is not None:
            out.append(w)
        p = p.parent
    return out


def _describe(con, select: exp.Select, projection: exp.Expression, drop_group: bool = False) -> list[str]:
    """Column names DuckDB gives `projection` over `select`'s FROM, in its CTE scope."""
    q = select.copy()
    q.set("expressions", [projection.copy()])
    for arg in ("order", "limit", "qualify", "distinct", "windows") + (("group", "having") if drop_group else ()):
        q.set(arg, None)
    for w in _ancestor_withs(select):
        outer = exp.select("*").from_(exp.Subquery(this=q, alias=exp.TableAlias(this=exp.to_identifier("_q"))))
        outer.set("with_", w.copy())
        q = outer
    rows = con.execute("DESCRIBE " + q.sql("duckdb")).fetchall()
    return [r[0] for r in rows]


def _describe_in_scope(con, query: exp.Select, node: exp.Expression | None) -> list[str]:
    """Column names DuckDB gives `query`, with the CTEs visible at `node`."""
    q = query
    p = node
    while p is not None:
        w = p.args.get("with_") if isinstance(p, exp.Query) else None
        if w is not None:
            outer = exp.select("*").from_(exp.Subquery(this=q, alias=exp.TableAlias(this=exp.to_identifier("_q"))))
            outer.set("with_", w.copy())
            q = outer
        p = p.parent
    return [r[0] for r in con.execute("DESCRIBE " + q.sql("duckdb")).fetchall()]


def _star_parts(star_col: exp.Expression) -> tuple[exp.Star, str | None]:
    if isinstance(star_col, exp.Star):
        return star_col, None
    return star_col.this, star_col.table or None


def _col(name: str, table: str | None) -> exp.Column:
    return exp.column(name, table=table, quoted=False)


def resolve_stars(tree: exp.Expression, con) -> exp.Expression:
    """Expand DuckDB-only star forms into explicit projections (see the module doc)."""
    _resolve_select_stars(tree, con)
    _resolve_unpivot_columns(tree, con)
    _resolve_union_by_name(tree, con)
    return tree


def _resolve_select_stars(tree: exp.Expression, con) -> None:
    """`* EXCLUDE`, `* REPLACE` and `COLUMNS(…)` in SELECT lists, as explicit columns."""
    selects = list(tree.find_all(exp.Select))
    # innermost first, so a resolved inner scope is what DuckDB describes for the outer
    for select in reversed(selects):
        new = []
        changed = False
        for e in select.expressions:
            star_col = e if isinstance(e, exp.Star) else (e if isinstance(e, exp.Column) and isinstance(e.this, exp.Star) else None)
            columns_fn = e.find(exp.Columns) if not star_col else None
            if star_col is not None:
                star, table = _star_parts(star_col)
                if not (star.args.get("except_") or star.args.get("replace")):
                    new.append(e)
                    continue
                names = _describe(con, select, e)
                replace = {r.alias_or_name: r for r in (star.args.get("replace") or [])}
                for n in names:
                    if n in replace:
                        new.append(exp.alias_(replace[n].this.copy(), n))
                    else:
                        new.append(_col(n, table))
                changed = True
            elif columns_fn is not None:
                inner = columns_fn.this
                names = _describe(con, select, exp.Columns(this=inner.copy()), drop_group=True)
                for n in names:
                    one = e.copy()
                    one.find(exp.Columns).replace(_col(n, None))
                    new.append(exp.alias_(one.unalias() if isinstance(one, exp.Alias) else one, n))
                changed = True
            else:
                new.append(e)
        if changed:
            select.set("expressions", new)


def _resolve_unpivot_columns(tree: exp.Expression, con) -> None:
    """UNPIVOT … IN (COLUMNS(* EXCLUDE …)): the source's columns, asked of DuckDB."""
    for pivot in list(tree.find_all(exp.Pivot)):
        if not pivot.args.get("unpivot"):
            continue
        for field in pivot.args.get("fields") or []:
            cols = [e for e in field.expressions if isinstance(e, exp.Columns)]
            if not cols:
                continue
            source = pivot.parent.copy()
            source.set("pivots", None)
            probe = exp.select(exp.Columns(this=cols[0].this.copy())).from_(
                source if isinstance(source, exp.Subquery) else exp.Subquery(this=source))
            scope = pivot.parent.parent if pivot.parent is not None else None
            names = _describe_in_scope(con, probe, scope)
            field.set("expressions", [_col(n, None) for n in names])


def _resolve_union_by_name(tree: exp.Expression, con) -> None:
    """UNION ALL BY NAME: the right branch reordered to the left branch's column order."""
    for u in list(tree.find_all(exp.Union)):
        if not u.args.get("by_name"):
            continue
        left, right = u.this, u.expression
        if not (isinstance(left, exp.Select) and isinstance(right, exp.Select)):
            raise ValueError(f"UNION BY NAME of non-SELECT branches is not translated: {u.sql('duckdb')[:200]}")
        left_names = _describe(con, left, exp.Star()) if any(isinstance(x, exp.Star) for x in left.expressions) \
            else [x.alias_or_name for x in left.expressions]
        if any(isinstance(x, exp.Star) for x in right.expressions):
            right.set("expressions", [_col(n, None) for n in _describe(con, right, exp.Star())])
        by_name = {x.alias_or_name: x for x in right.expressions}
        missing = [n for n in left_names if n not in by_name]
        if missing or len(by_name) != len(left_names):
            raise ValueError(f"UNION BY NAME branches differ: {missing or sorted(set(by_name) - set(left_names))}")
        right.set("expressions", [by_name[n] if by_name[n].alias_or_name == n and isinstance(by_name[n], (exp.Alias, exp.Column))
                                  else exp.alias_(by_name[n], n) for n in left_names])
        u.set("by_name", None)


def unnest_cte_names(tree: exp.Expression) -> exp.Expression:
    """Give the CTEs of inlined macros (nested WITHs) unique names: sqlglot's Spark writer
    hoists nested CTEs to the top level, where two macros' `period_bounds` or `final`
    would collide. Innermost first, so a renamed scope never shadows an outer one."""
    withs = [w for w in tree.find_all(exp.With) if w.parent is not tree]
    for n, w in enumerate(reversed(withs)):
        scope = w.parent
        names = {}
        for cte in w.expressions:
            old = cte.alias
            names[old] = f"m{n}__{old}"
            cte.set("alias", exp.TableAlias(this=exp.to_identifier(names[old])))
        for t in scope.find_all(exp.Table):
            if not t.db and t.name in names:
                t.set("this", exp.to_identifier(names[t.name]))
                if not t.alias:
                    t.set("alias", exp.TableAlias(this=exp.to_identifier(t.name if False else _old(names, t.name))))
    return tree


def _old(names: dict[str, str], new: str) -> str:
    for k, v in names.items():
        if v == new:
            return k
    return new


def _filtered_window(node: exp.Window) -> exp.Expression:
    """`agg(x) FILTER (WHERE p) OVER w` → `agg(CASE WHEN p THEN x END) OVER w`."""
    f = node.this
    cond = f.expression.this
    agg = f.this.copy()
    arg = agg.this
    if isinstance(arg, exp.Order):
        arg = arg.this
    if isinstance(arg, exp.Star) or (isinstance(agg, exp.Count) and arg is None):
        arg = exp.Literal.number(1)
    agg.set("this", exp.Case(ifs=[exp.If(this=cond.copy(), true=arg.copy())]))
    out = node.copy()
    out.set("this", agg)
    return out


def _shim(node: exp.Expression) -> exp.Expression:
    if isinstance(node, exp.Window) and isinstance(node.this, exp.Filter):
        node = _filtered_window(node)
    # row_number() OVER () (a file's line order): Spark needs an order; the reference
    # views keep the file's row order, which monotonically_increasing_id follows
    if (isinstance(node, exp.Window) and isinstance(node.this, exp.RowNumber) and not node.args.get("order")
            and not node.args.get("partition_by") and not node.args.get("alias")):
        node = node.copy()
        node.set("order", exp.Order(expressions=[exp.Ordered(this=exp.func("monotonically_increasing_id"))]))
    # `max(x) OVER w - y`: Spark reads `w-y` as one identifier; parenthesize named windows
    if isinstance(node, exp.Window) and isinstance(node.parent, exp.Binary):
        return exp.Paren(this=node.copy())
    # ordered aggregates: Spark has none (only WITHIN GROUP for listagg / percentiles)
    if isinstance(node, exp.AggFunc) and isinstance(node.this, exp.Order) and not isinstance(node, exp.GroupConcat):
        node = node.copy()
        node.set("this", node.this.this)
        return node
    # error(msg) → raise_error(msg), typed boolean where DuckDB uses it in a predicate
    if isinstance(node, exp.Anonymous) and str(node.this).lower() == "error":
        return exp.Cast(this=exp.func("raise_error", *[e.copy() for e in node.expressions]),
                        to=exp.DataType.build("boolean"))
    # DATE - DATE is a day count in DuckDB, an interval in Spark
    if isinstance(node, exp.Sub) and all(
        isinstance(x, exp.Column) and x.name in DATE_COLUMNS for x in (node.this, node.expression)
    ):
        return exp.func("datediff", node.this.copy(), node.expression.copy())
    # quantile_cont(x, p): linear interpolation = Spark's percentile(x, p)
    if isinstance(node, (exp.PercentileCont, exp.Quantile)):
        return exp.func("percentile", node.this.copy(), node.expression.copy())
    # main.cases -> cases (the Spark session's views are unqualified)
    if isinstance(node, exp.Table) and node.db == "main":
        node = node.copy()
        node.set("db", None)
        return node
    # scoped_cases -> cases: Spark rebuilds whole quarters, every court (models.SCOPED)
    if isinstance(node, exp.Table) and not node.db and node.name in SCOPED:
        node = node.copy()
        node.set("this", exp.to_identifier(SCOPED[node.name].split(".")[-1]))
        return node
    return node


@functools.cache
def _con():
    return schema_connection()


def to_spark(sql: str, con=None) -> str:
    """Translate one DuckDB model query (macros expanded here) to Spark SQL."""
    con = con or _con()
    tree = sqlglot.parse_one(expand_macros(sql), read="duckdb")
    tree = inline_scalar_macros(tree)
    tree = resolve_stars(tree, con)
    tree = unnest_cte_names(tree)
    tree = tree.transform(_shim)
    return tree.sql("spark", pretty=True)


def model_to_spark(name: str) -> str:
    return to_spark(sql_text(name))
