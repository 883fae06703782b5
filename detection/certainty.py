"""Be sure before you alarm: is every figure a flag cites certain? (issue 18 item 1, INTERFACES §1-2)

A flag is *verified* when
- every table it names (its ``table_id`` and ``expected_table_id``, and the table of the line it
  cites)
  was read whole: its document has no reader finding of a doubt kind (``DOUBT_KINDS``) for that
  table — a finding without a table (``truncated``: the document stopped) doubts every table;
- no line item it cites has ``page_verified`` False (the amount's printed text was not found on
  its page by the independent second look; null = no page to look at, a text or a workbook);
- a 绩效目标 value it cites prints its unit (beside it, or its label does): a bare number is no
  certain amount;
- no narrative figure or 绩效目标 value at the line it cites has ``page_verified`` False (the
  same independent second look as the line items': the figure, with its label for a narrative
  one, not found in pdfium's text of its page, transforms.page_check).

A flag whose |expected − actual| equals an amount a doubt finding says is missing (the rows or
pages a table's printed total is short of), or the sum of the unread lines of one table under one
parent or of one level (a page of 款 rows of a 类 not read, a page of leaves: each
``unread_line`` carries one row), points at the reader, not the document: unverified, and its
explanation says so.

An unverified flag is "could not verify": never critical (``assemble`` lowers it to warning),
ranked below every verified flag of its severity, and named so in its explanation.
"""

from __future__ import annotations

import polars as pl

from budgetwatch.detection.registry import RULES

# reader findings that say a table was not read whole (the 绩效目标表 ones name "projects":
# indicator rows attached to no project, a grid not read, cost parts far above the budget,
# project rows that do not reproduce the table's 合计)
DOUBT_KINDS = (
    "unread_line",
    "total_not_reproduced",
    "truncated",
    "ambiguous_column",
    "unmapped_row",
    # a header with no known amount column: that page's rows were skipped (a page not read)
    "unknown_header",
    "performance_unattached",
    "performance_unread",
    "performance_suspect",
    # a 绩效目标表 合计 its project rows do not reproduce: a project row misread or missed
    "performance_total_not_reproduced",
)
# a rule over projects or indicators cites the 绩效目标表, whatever cell it names (a gate
# flag names its tables itself: X9's table_id is projects, an identity's is not)
READS_PROJECTS = [
    r.id
    for r in RULES.values()
    if {"projects", "indicators"} & set(r.inputs) and "residuals" not in r.inputs
]
# amounts in the message of a doubt that carries none as columns (a line or page number has
# none): the writers of total_not_reproduced and the 绩效目标表 doubts name them in prose only
_NUMBER = r"-?\d[\d,]*\.\d+"
# a printed value that is a number and nothing else ("≤3000", "420"): no unit beside it
_BARE = r"^\s*[≤≥<>=＜＞＝]*\s*-?\d[\d,]*(?:\.\d+)?\s*$"
_LABEL_UNIT = r"[（(][^（()）]*元[^（()）]*[）)]\s*$"  # "（万元/年）" ending the subject's label


def difference() -> pl.Expr:
    """A flag's |expected − actual| in 万元 to the cent, null unless both sides are amounts."""
    return (
        (pl.col("actual_wan").cast(pl.Float64) - pl.col("expected_wan").cast(pl.Float64))
        .abs()
        .round(2)
    )


def _cells(flags: pl.DataFrame) -> pl.DataFrame:
    """(_fid, table_id, code, column_id) of the coded cells a flag names: its own, and for a
    cross-table identity the same code in the table of its expected side."""
    own = flags.select("_fid", "table_id", "code", "column_id")
    other = flags.select(
        "_fid", "code", table_id="expected_table_id", column_id="expected_column_id"
    ).select(own.columns)
    return pl.concat([own, other]).drop_nulls()


def _named_tables(flags: pl.DataFrame) -> pl.DataFrame:
    return pl.concat(
        [
            flags.select("_fid", "doc_id", "table_id"),
            flags.select("_fid", "doc_id", table_id="expected_table_id"),
        ]
    ).drop_nulls()


def _cited_rows(
    flags: pl.DataFrame, line_items: pl.DataFrame, doc_files: pl.DataFrame
) -> pl.DataFrame:
    """Line items a flag cites: the row(s) at its source line (same file), and the coded cells
    it names (table_id, code, column_id; its expected side's table and column)."""
    li = (
        line_items.join(doc_files, on="doc_id", how="left")
        .with_columns(_file=pl.coalesce("source_file", "doc_file"))
        .select(
            "doc_id",
            "table_id",
            "code",
            "name",
            "column_id",
            "source_line",
            "_file",
            "page_verified",
        )
    )
    at_line = (
        flags.join(doc_files, on="doc_id", how="left")
        .with_columns(_file=pl.coalesce("source_file", "doc_file"))
        .select("_fid", "doc_id", "source_line", "_file")
        .join(li, on=["doc_id", "source_line", "_file"], how="inner")
    )
    cells = _cells(flags).join(flags.select("_fid", "doc_id"), on="_fid")
    by_code = cells.join(li, on=["doc_id", "table_id", "code", "column_id"], how="inner")
    cols = ["_fid", "table_id", "page_verified"]
    return pl.concat([at_line.select(cols), by_code.select(cols)])


def figure_lines(narrative_figures: pl.DataFrame, indicators: pl.DataFrame) -> pl.DataFrame:
    """doc_id, source_file, source_line of the narrative figures and 绩效目标 values that the
    second look did not find on their page (``page_verified`` False; null = no page)."""
    cols = ["doc_id", "source_file", "source_line"]
    return pl.concat(
        [
            f.filter(pl.col("page_verified") == False).select(cols)  # noqa: E712
            for f in (narrative_figures, indicators)
            if "page_verified" in f.columns
        ]
        + [pl.DataFrame(schema={c: pl.String for c in cols[:2]} | {"source_line": pl.Int32})]
    ).unique()


def _doubts(findings: pl.DataFrame, doc_files: pl.DataFrame) -> pl.DataFrame:
    """_did, doc_id, table_id ("" = every table of the document), why, missing (amounts it
    names), and where it is: code (the projects a 绩效目标表 finding names, space-separated: the
    one ``performance_suspect`` suspects, the candidates of ``performance_unattached`` rows;
    "" = none), kind, _file, source_line."""
    return (
        findings.filter(pl.col("kind").is_in(DOUBT_KINDS))
        .join(doc_files, on="doc_id", how="left")
        .select(
            "doc_id",
            "source_line",
            table_id=pl.col("table_id").fill_null(""),
            why=pl.format("{} (line {})", pl.col("kind"), pl.col("source_line")),
            missing=pl.coalesce(
                pl.col("amounts").cast(pl.List(pl.String)),
                pl.col("message").fill_null("").str.extract_all(_NUMBER),
            ),
            code=pl.when(pl.col("table_id") == "projects").then(pl.col("code")).fill_null(""),
            kind="kind",
            _file=pl.coalesce("source_file", "doc_file"),
        )
        .with_row_index("_did")
    )


def _unread_rows(findings: pl.DataFrame) -> pl.DataFrame:
    """doc_id, why, missing: the sum, amount column by amount column (a row's k-th amount), of
    the ``unread_line`` rows of one table that share a parent code and a level — what a parent
    row's identity, or the 合计's over the 类, is short of when the reader left those rows out
    (a page of them) — and of all its unread rows of one level (a table printing its leaves
    only: the 合计 over them). One row alone is matched by its own finding (``_doubts``). A
    row is its finding's columns (``row_code``, ``amounts``: the reader's), never its message."""
    level = pl.col("code").str.len_chars()
    rows = (
        findings.filter(pl.col("kind") == "unread_line")
        .select("doc_id", "table_id", "source_line", code="row_code", amount="amounts")
        .drop_nulls(["code", "amount"])
        .with_columns(
            parent=pl.when(level > 3)
            .then(pl.format("under {}", pl.col("code").str.slice(0, level - 2)))
            .otherwise(pl.lit("under its 合计")),
            level=pl.format("codes of {} digits", level),
            column=pl.int_ranges(pl.col("amount").list.len()),
        )
        .explode("amount", "column")
        .with_columns(pl.col("amount").cast(pl.Decimal(20, 2)))
    )
    return pl.concat(
        [
            rows.group_by("doc_id", "table_id", *keys, "column")
            .agg(
                missing=pl.col("amount").sum(),
                lines=pl.col("source_line").sort().cast(pl.String).str.join(", "),
                parts=pl.col("amount").sort_by("source_line").cast(pl.String).str.join(" + "),
                n=pl.len(),
            )
            .filter(pl.col("n") > 1)
            .select(
                "doc_id",
                why=pl.format(
                    "{} rows of {}, {}, not read (unread_line, lines {}: {})",
                    pl.col("n"),
                    "table_id",
                    keys[0],
                    "lines",
                    "parts",
                ),
                missing=pl.col("missing").cast(pl.String),
            )
            for keys in (["parent", "level"], ["level"])
        ]
    )


def _reach(flags: pl.DataFrame, doubts: pl.DataFrame) -> pl.DataFrame:
    """(_did, project_code) of the projects a 绩效目标表 doubt naming projects reaches: those
    projects (unattached rows: the candidates they may belong to), and for a suspect project
    the flagged projects printed next to it in the same file (the nearest first line before
    and after the doubt's line): cost parts several times a project's budget may be a
    neighbour's rows read into its block (transforms/projects.py ``suspect_costs``), which
    leaves the neighbour short. The other projects of the table were read apart from them; a
    doubt naming no project still doubts every project."""
    named = (
        doubts.filter(pl.col("code") != "")
        .with_columns(pl.col("code").str.split(" "))
        .explode("code")
        .select("_did", "doc_id", "_file", "source_line", "code", "kind")
    )
    firsts = (
        flags.filter(pl.col("project_code").is_not_null())
        .group_by("doc_id", "_file", "project_code")
        .agg(first=pl.col("source_line").min())
    )
    around = (
        named.filter(pl.col("kind") == "performance_suspect")
        .join(firsts, on=["doc_id", "_file"])
        .filter(pl.col("project_code") != pl.col("code"))
    )
    before = around.filter(pl.col("first") < pl.col("source_line")).sort("first")
    after = around.filter(pl.col("first") > pl.col("source_line")).sort("first")
    return pl.concat(
        [
            named.select("_did", project_code="code"),
            before.group_by("_did").last().select("_did", "project_code"),
            after.group_by("_did").first().select("_did", "project_code"),
        ]
    )


def mark(
    flags: pl.DataFrame,
    findings: pl.DataFrame,
    line_items: pl.DataFrame,
    documents: pl.DataFrame,
    figures: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """``flags`` (partial or assembled) with ``verified`` (Boolean) and, for an unverified one,
    the reason appended to its explanation; ``figures``: ``figure_lines`` (None: not known)."""
    if flags.is_empty():
        return flags.with_columns(verified=pl.lit(None, pl.Boolean))
    flags = flags.with_row_index("_fid")
    doc_files = documents.select("doc_id", doc_file="source_file").unique("doc_id")
    if "page_verified" not in line_items.columns:
        line_items = line_items.with_columns(page_verified=pl.lit(None, pl.Boolean))
    cited = _cited_rows(flags, line_items, doc_files)
    unseen = (
        cited.filter(pl.col("page_verified") == False)  # noqa: E712 (null = no page)
        .group_by("_fid")
        .agg(why=pl.lit("an amount not found on its page").first())
    )
    tables = pl.concat(
        [
            _named_tables(flags).select("_fid", "doc_id", "table_id"),
            cited.join(flags.select("_fid", "doc_id"), on="_fid").select(
                "_fid", "doc_id", "table_id"
            ),
            flags.filter(pl.col("rule_or_model").is_in(READS_PROJECTS)).select(
                "_fid", "doc_id", table_id=pl.lit("projects")
            ),
        ]
    ).unique()
    doubts = _doubts(findings, doc_files)
    whole_doc = flags.select("_fid", "doc_id").join(
        doubts.filter(pl.col("table_id") == ""), on="doc_id"
    )
    located = flags.join(doc_files, on="doc_id", how="left").select(
        "_fid",
        "doc_id",
        "project_code",
        "source_line",
        _file=pl.coalesce("source_file", "doc_file"),
    )
    reach = _reach(located, doubts).with_columns(_reached=pl.lit(True))
    # a doubt naming one project: its flags, its neighbours' and those over the whole table
    per_table = (
        tables.join(doubts.filter(pl.col("table_id") != ""), on=["doc_id", "table_id"])
        .join(located.select("_fid", "project_code"), on="_fid", how="left")
        .join(reach, on=["_did", "project_code"], how="left")
        .filter((pl.col("code") == "") | pl.col("project_code").is_null() | pl.col("_reached"))
    )
    unread = (
        pl.concat(
            [
                whole_doc.select("_fid", "why"),
                per_table.select(
                    "_fid",
                    why=pl.format("{} not read whole: {}", pl.col("table_id"), pl.col("why")),
                ),
            ]
        )
        .group_by("_fid")
        .agg(pl.col("why").unique().sort().str.join("; "))
    )
    gaps = pl.concat(
        [
            doubts.explode("missing")
            .filter(pl.col("missing").is_not_null())
            .select("doc_id", "why", "missing"),
            _unread_rows(findings),
        ]
    )
    missing = (
        flags.select("_fid", "doc_id", _diff=difference())
        .filter(pl.col("_diff") > 0)
        .join(gaps, on="doc_id")
        .filter(
            (
                pl.col("missing")
                .str.replace_all(",", "")
                .cast(pl.Float64, strict=False)
                .abs()
                .round(2)
            )
            == pl.col("_diff")
        )
        .group_by("_fid")
        .agg(why=pl.format("the difference is what the reader missed: {}", pl.col("why").first()))
    )
    # the same unit: a 绩效目标 value judged as money (or as not money) must print its unit, or
    # its label must; a bare "≤3000" under "空调(台/元)" or "420" under "二类会议（元·人/天）" may be
    # 元 a piece, 万元 in all or a count — no reading of it is certain (real_more 343, round 4)
    # (a sum of items read as money is no printed value: its amount is the number it states;
    # a bare value read as money in a unit it does not print is one)
    printed = pl.col("actual").str.replace_all(r"[^\d.\-]", "").cast(pl.Float64, strict=False)
    read_in_another_unit = (printed - pl.col("actual_wan").cast(pl.Float64)).abs() > 1e-6
    unitless = flags.filter(
        pl.col("rule_or_model").is_in(READS_PROJECTS)
        & (pl.col("actual_wan").is_null() | read_in_another_unit.fill_null(False))
        & pl.col("actual").fill_null("").str.contains(_BARE)
        & ~pl.col("subject").fill_null("").str.contains(_LABEL_UNIT)
    ).select("_fid", why=pl.format("the value {} prints no unit", pl.col("actual")))
    # a narrative figure or 绩效目标 value at the cited line that its page does not print
    unseen_figures = pl.DataFrame(schema={"_fid": pl.UInt32, "why": pl.String})
    if figures is not None and figures.height:
        unseen_figures = (
            flags.join(doc_files, on="doc_id", how="left")
            .with_columns(_file=pl.coalesce("source_file", "doc_file"))
            .join(
                figures.join(doc_files, on="doc_id", how="left").select(
                    "doc_id", "source_line", _file=pl.coalesce("source_file", "doc_file")
                ),
                on=["doc_id", "source_line", "_file"],
                how="semi",
            )
            .select("_fid", why=pl.lit("a figure not found on its page"))
        )
    reasons = (
        pl.concat([unseen, unread, missing, unitless, unseen_figures])
        .group_by("_fid")
        .agg(pl.col("why").str.join("; "))
    )
    return (
        flags.join(reasons, on="_fid", how="left")
        .with_columns(
            verified=pl.col("why").is_null(),
            explanation=pl.when(pl.col("why").is_null())
            .then(pl.col("explanation"))
            .otherwise(
                pl.format("{} — could not verify: {}", pl.col("explanation"), pl.col("why"))
            ),
        )
        .drop("_fid", "why")
    )
