"""The report to hand over: a self-contained offline HTML site over a store.

``index.html`` ranks departments by open problems; ``dept/<id>.html`` shows one department's
multi-year charts (totals, 基本 vs 项目, 三公 by year, position among peers) and its flags
with evidence and review state; ``flags.html`` lists every flag, filtered by kind, severity,
year and state with a few lines of inline script. Styles, charts (inline SVG, report_svg.py)
and script are inside each page: nothing is fetched, so the site opens from a USB stick.

Every text from a document or a file name goes through ``html.escape``: a department named
``<script>…`` shows as text.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from functools import lru_cache
from html import escape
from itertools import accumulate, chain
from pathlib import Path

import polars as pl

from budgetwatch.config.settings import Settings
from budgetwatch.outputs.report_crops import data_uri, needles, page_crop
from budgetwatch.outputs.report_data import (
    DOC_KIND_LABELS,
    KIND_LABELS,
    LINE_ORDER,
    PEER_LINES,
    SEVERITY_LABELS,
    STATE_LABELS,
    ReportData,
    load,
)
from budgetwatch.outputs.report_svg import bar_chart, money, strip_axis, strip_dots, strip_svg

CROPS_PER_PAGE = 25  # page crops on one department page (each a few kB)
RUN_DIR = re.compile(r"^\d{8}T\d{6}Z")  # run ids start with their UTC start time

CSS = """
body{font-family:"WenQuanYi Micro Hei","Noto Sans CJK SC","Microsoft YaHei",sans-serif;
margin:1.5em auto;max-width:1120px;color:#1a202c;padding:0 1em}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:1.6em;border-bottom:1px solid #cbd5e0}
table{border-collapse:collapse;width:100%;font-size:.9em}
th,td{border:1px solid #e2e8f0;padding:3px 6px;text-align:left;vertical-align:top}
th{background:#edf2f7}td.n{text-align:right;font-variant-numeric:tabular-nums}
code{color:#4a5568;font-size:.85em}.critical{color:#c53030;font-weight:bold}
.warning{color:#b7791f}.info{color:#2b6cb0}.charts{display:flex;flex-wrap:wrap;gap:1em}
.charts figure{margin:0}figcaption{font-weight:bold;margin:.3em 0}
nav a{margin-right:1em}img.crop{max-width:100%;border:1px solid #cbd5e0}.new{color:#fff;background:#c53030;padding:0 3px}.filters select{margin-right:1em}
"""

FILTER_JS = """
const rows=[...document.querySelectorAll('#flags tbody tr')];
const sel=[...document.querySelectorAll('.filters select')];
function apply(){let n=0;for(const r of rows){const ok=sel.every(s=>!s.value||
r.dataset[s.name]===s.value);r.hidden=!ok;if(ok)n++}
document.getElementById('shown').textContent=n}
sel.forEach(s=>s.addEventListener('change',apply));apply();
"""


def _zh(value, labels: dict[str, str]) -> str:
    """A Chinese label with its id beside it, escaped (made once per label: every flag's row
    shows three)."""
    if value is None:
        return ""
    key = (id(labels), value)
    made = _ZH.get(key)
    if made is None:
        if len(_ZH) > 4096:  # bounded: a column's values outside its labels could be many
            _ZH.clear()
        made = _ZH[key] = _zh_text(value, labels)
    return made


_ZH: dict[tuple[int, object], str] = {}  # (the labels' id, a value) → its text


def _zh_text(value, labels: dict[str, str]) -> str:
    text = labels.get(value)
    return (
        f"{escape(text)} <code>{escape(value)}</code>"
        if text
        else f"<code>{escape(str(value))}</code>"
    )


def page_name(department_key: str) -> str:
    """A file name for a department's page: its key hashed (keys hold any text)."""
    return hashlib.sha1(department_key.encode("utf-8")).hexdigest()[:12] + ".html"


def _page(title: str, body: str, root: str = "", script: str = "") -> str:
    nav = (
        f'<nav><a href="{root}index.html">部门 departments</a>'
        f'<a href="{root}flags.html">问题清单 flags</a></nav>'
    )
    js = f"<script>{script}</script>" if script else ""
    return (
        f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width">'
        f"<title>{escape(title)}</title><style>{CSS}</style></head><body>{nav}"
        f"<h1>{escape(title)}</h1>{body}{js}</body></html>"
    )


def _table(headers: list[tuple[str, str]], rows: list[str], table_id: str = "") -> str:
    head = "".join(f"<th>{escape(zh)} <code>{escape(key)}</code></th>" for zh, key in headers)
    ident = f' id="{table_id}"' if table_id else ""
    return f"<table{ident}><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _evidence(r: dict) -> str:
    """The flag's file and page (or line); its page's crop, if any, follows."""
    where = (
        f"p. {r['source_page']}"
        if r.get("source_page") is not None
        else f"line {r['source_line']}"
        if r.get("source_line") is not None
        else ""
    )
    return f"{_escaped(r.get('source_file') or '')} <b>{escape(where)}</b>"


def _crops(flags: list[dict], input_dir: str | None) -> dict[str, str]:
    """flag_id → a crop of the PDF page of its evidence (critical and warning flags whose
    file is still under the run's input folder; at most CROPS_PER_PAGE per page)."""
    if not input_dir:
        return {}
    wanted = [r for r in flags if r["_croppable"]][:CROPS_PER_PAGE]
    out, done = {}, {}
    for r in wanted:
        key = (r["source_file"], r["source_page"], r["actual_wan"], r["expected_wan"])
        if key not in done:
            crop = page_crop(
                Path(input_dir) / r["source_file"],
                r["source_page"],
                needles(r["actual_wan"], r["expected_wan"]),
            )
            done[key] = crop and (
                f"<details><summary>页面 page p. {r['source_page']}"
                f"{'' if crop[1] else ' (整页 whole page)'}</summary>"
                f'<img class="crop" alt="p. {r["source_page"]}" src="{data_uri(crop[0])}">'
                "</details>"
            )
        if done[key]:
            out[r["flag_id"]] = done[key]
    return out


NEW_BADGE = ' <b class="new">新 new</b>'  # raised first by the last run
FLAG_HEADERS = [
    ("排名", "rank"),
    ("严重程度", "severity"),
    ("类型", "kind"),
    ("年度", "fiscal_year"),
    ("部门", "department_name"),
    ("说明", "explanation"),
    ("预期 / 实际", "expected / actual"),
    ("涉及金额(万元)", "stake_wan"),
    ("证据", "evidence"),
    ("审核状态", "review_state"),
]


# the flags' columns the pages show, read into Python once (``_Parts``)
FLAG_COLUMNS = (
    "flag_id",
    "department_key",
    "department_name",
    "kind",
    "severity",
    "fiscal_year",
    "review_state",
    "new",
    "rank",
    "explanation",
    "expected",
    "actual",
    "stake_wan",
    "source_file",
    "source_page",
    "source_line",
    "actual_wan",
    "expected_wan",
)
# a flag whose evidence page may be cropped (_crops): a critical or warning flag on a PDF page
CROPPABLE = (
    pl.col("source_page").is_not_null()
    & pl.col("source_file").str.to_lowercase().str.ends_with(".pdf")
    & pl.col("severity").is_in(["critical", "warning"])
).fill_null(False)


# a text of few values (kinds, severities, states, department names, files), escaped once
_escaped = lru_cache(maxsize=1 << 14)(escape)


def _row_parts(r: dict) -> tuple[str, str | None, str, str]:
    """A flag's table row in four parts, made once for the department page and flags.html:
    before its department link's folder, the link after the folder (None: no department),
    up to its evidence's crop, and the rest."""
    head = (
        f'<tr id="f-{escape(r["flag_id"])}" data-kind="{_escaped(r["kind"] or "")}" '
        f'data-severity="{_escaped(r["severity"] or "")}" '
        f'data-year="{r["fiscal_year"] or ""}" data-state="{_escaped(r["review_state"])}" '
        f'data-new="{"yes" if r["new"] else "no"}">'
        f'<td class="n">{r["rank"] or ""}</td>'
        f'<td class="{_escaped(r["severity"] or "")}">{_zh(r["severity"], SEVERITY_LABELS)}</td>'
        f"<td>{_zh(r['kind'], KIND_LABELS)}</td><td>{r['fiscal_year'] or ''}</td><td>"
    )
    link = (
        f'{page_name(r["department_key"])}">'
        f"{_escaped(r['department_name'] or r['department_key'])}</a>"
        if r["department_key"]
        else None
    )
    body = (
        f"</td><td>{escape(r['explanation'] or '')}"
        f"<br><code>{escape(r['flag_id'])}</code></td>"
        f"<td>{escape(r['expected'] or '')} / {escape(r['actual'] or '')}</td>"
        f'<td class="n">{money(r["stake_wan"])}</td><td>{_evidence(r)}'
    )
    tail = (
        f"</td><td>{_zh(r['review_state'], STATE_LABELS)}{NEW_BADGE if r['new'] else ''}</td></tr>"
    )
    return head, link, body, tail


def _flag_rows(flags: list[dict], folder: str, crops: dict[str, str]) -> list[str]:
    rows = []
    for r in flags:
        parts = r.get("_html")
        if parts is None:  # kept in the row: its department page and flags.html share it
            parts = r["_html"] = _row_parts(r)
        head, link, body, tail = parts
        dept = f'<a href="{folder}{link}' if link is not None else ""
        rows.append(f"{head}{dept}{body}{crops.get(r['flag_id'], '')}{tail}")
    return rows


def _filters(flags: list[dict]) -> str:
    def select(name: str, key: str, labels: dict[str, str], values: list) -> str:
        options = "".join(
            f'<option value="{escape(str(v))}">'
            f"{escape(labels.get(v, ''))} {escape(str(v))}</option>"
            for v in values
        )
        return (
            f'<label>{escape(name)} <select name="{key}"><option value="">全部 all'
            f"</option>{options}</select></label>"
        )

    def values(col: str) -> list:
        return sorted({r[col] for r in flags} - {None})

    return (
        '<div class="filters">'
        + select("类型 kind", "kind", KIND_LABELS, values("kind"))
        + select(
            "严重程度 severity",
            "severity",
            SEVERITY_LABELS,
            [s for s in SEVERITY_LABELS if s in values("severity")],
        )
        + select("年度 year", "year", {}, values("fiscal_year"))
        + select("审核状态 state", "state", STATE_LABELS, values("review_state"))
        + select("本次新增 new", "new", {"yes": "是"}, ["yes"])
        + f' 显示 shown: <b id="shown">{len(flags)}</b> / {len(flags)}</div>'
    )


def _flag_section(flags: list[dict], folder: str, crops: dict[str, str]) -> str:
    """The filters and the flag table; ``folder``: the department pages' path from here."""
    return _filters(flags) + _table(FLAG_HEADERS, _flag_rows(flags, folder, crops), "flags")


def _index(data: ReportData) -> str:
    rows = []
    for r in data.departments.iter_rows(named=True):
        rows.append(
            f'<tr><td class="n">{r["position"]}</td>'
            f'<td><a href="dept/{page_name(r["department_key"])}">'
            f"{escape(r['department_name'] or r['department_key'])}</a></td>"
            f"<td>{escape(r['region'] or '')}</td><td>{escape(r['department_code'] or '')}</td>"
            f"<td>{escape(r['kind'] or '')}</td>"
            f"<td>{escape(', '.join(str(y) for y in r['years']))}</td>"
            f'<td class="n critical">{r["open_critical"]}</td>'
            f'<td class="n warning">{r["open_warning"]}</td><td class="n">{r["open_info"]}</td>'
            f'<td class="n">{r["new"]}</td><td class="n">{r["flags"]}</td>'
            f'<td class="n">{money(_float(r["latest_total_wan"]))}</td></tr>'
        )
    headers = [
        ("排名", "position"),
        ("部门", "department_name"),
        ("地区", "region"),
        ("代码", "department_code"),
        ("类别", "kind"),
        ("年度", "years"),
        ("未处理严重", "open_critical"),
        ("未处理警告", "open_warning"),
        ("未处理提示", "open_info"),
        ("本次新增", "new"),
        ("问题总数", "flags"),
        ("最近年度支出合计(万元)", "latest_total_wan"),
    ]
    run = data.run
    info = (
        (
            f"<p>运行 run <code>{escape(str(run.get('run_id', '')))}</code> "
            f"{escape(str(run.get('status', '')))}, {escape(str(run.get('finished_at', '')))}"
            f" · {data.departments.height} 个部门 departments · {data.flags.height} 个问题 flags"
            f" (本次新增 new: {data.flags['new'].sum()})"
            "</p>"
        )
        if run
        else ""
    )
    chart = _years_chart(data.flags) if data.flags.height else ""
    return _page(
        "部门预算问题报告 budgetwatch report",
        info
        + chart
        + "<h2>部门（按未处理问题排序） departments by open problems</h2>"
        + _table(headers, rows, "departments"),
    )


class _Parts:
    """Each department's rows of the report's frames, and each peer group's, split once and
    read into Python once: filtering the whole frames again for every department page grew
    with the square of the store (departments × rows), and a page's many small polars
    calls on its few rows cost more than the rows (docs/pipeline.md "Benchmarks", round 7).
    Rows keep their order in the frame."""

    GROUP = ("fiscal_year", "kind", "doc_kind", "table_id", "column_id")
    PEERS = (*GROUP, "department_key", "amount_wan", "median_wan", "percentile", "peer_count")
    HEADLINE = ("doc_kind", "line", "label", "fiscal_year", "amount_wan")

    def __init__(self, data: ReportData):
        self.all_flags = data.flags.select(*FLAG_COLUMNS, _croppable=CROPPABLE).to_dicts()
        self._flags = _split(self.all_flags, (r["department_key"] for r in self.all_flags))
        peers = data.peers.select(self.PEERS).to_dicts()
        self._peers = _split(peers, (r["department_key"] for r in peers))
        head = data.headline.select("department_key", *self.HEADLINE).rows()
        self._headline = _split([r[1:] for r in head], (r[0] for r in head))
        groups: dict[tuple, list[tuple]] = {}
        for r in peers:
            group = tuple(r[c] for c in self.GROUP)
            groups.setdefault(group, []).append((r["department_key"], r["amount_wan"]))
        self._groups = {group: _Strip(rows) for group, rows in groups.items()}

    def flags(self, key: str) -> list[dict]:
        return self._flags.get(key, [])

    def headline(self, key: str) -> list[tuple]:
        """(doc_kind, line, label, fiscal_year, amount_wan) rows."""
        return self._headline.get(key, [])

    def peers(self, key: str) -> list[dict]:
        return self._peers.get(key, [])

    def group(self, *values) -> _Strip:
        """The peers rows equal to ``values`` on GROUP, in order; none where a value is null
        (an equality with null holds for no row)."""
        return _NO_PEERS if None in values else self._groups.get(tuple(values), _NO_PEERS)


class _Strip:
    """A peer group's strip: each of its departments draws every other department's dot
    (amount_wan), in the rows' order. The dots are made and joined once per axis (most of
    a group's departments share one) and each page cuts its own department's out: a page
    drawing its group's dots again made the report grow with the square of a group."""

    def __init__(self, rows: list[tuple]):
        kept = [(k, float(v)) for k, v in rows if k is not None and v is not None]
        self.values = [v for _, v in kept]
        self._at: dict[str, list[int]] = {}  # department_key → its rows' positions
        for i, (k, _) in enumerate(kept):
            self._at.setdefault(k, []).append(i)
        self._joined: dict[tuple, tuple[str, list[int]]] = {}  # axis → dots, their ends

    def chart(self, title: str, key: str, own: float, median: float | None) -> str:
        """The strip of ``key``'s department (``own``) among the others' amounts; "" when
        there are none."""
        cuts = [*self._at.get(key, ()), len(self.values)]
        spans = list(zip([0, *(c + 1 for c in cuts[:-1])], cuts))  # the others' runs
        peers = list(chain.from_iterable(self.values[start:end] for start, end in spans))
        if not peers:
            return ""
        low, high, span, spread = strip_axis(peers, own)
        made = self._joined.get((low, span, spread))
        if made is None:
            dots = strip_dots(self.values, low, span, spread)
            made = self._joined[(low, span, spread)] = (
                "".join(dots),
                list(accumulate(map(len, dots), initial=0)),
            )
        joined, ends = made
        dots = "".join(joined[ends[start] : ends[end]] for start, end in spans)
        return strip_svg(title, dots, low, high, own, median)


_NO_PEERS = _Strip([])


def _split(rows: list, keys) -> dict:
    out: dict = {}
    for key, row in zip(keys, rows):
        out.setdefault(key, []).append(row)
    return out


def _ordered(values) -> list:
    """Distinct values in polars' ``unique().sort()`` order: null first."""
    return sorted(set(values), key=lambda v: (v is not None, v))


def _years_chart(flags: pl.DataFrame) -> str:
    """Flags per year, one bar per severity: where the problems are over time."""
    years = sorted(y for y in flags["fiscal_year"].unique().to_list() if y is not None)
    counts = flags.group_by("fiscal_year", "severity").len()
    series = []
    for sev, zh in SEVERITY_LABELS.items():
        by_year = dict(
            counts.filter(pl.col("severity") == sev).select("fiscal_year", "len").iter_rows()
        )
        series.append((f"{zh} {sev}", [float(by_year.get(y, 0)) for y in years]))
    svg = bar_chart("问题数 flags per year", years, series, unit="个 flags")
    return f"<figure><figcaption>各年度问题数 flags per year</figcaption>{svg}</figure>"


def _float(value) -> float | None:
    return None if value is None else float(value)


Lines = dict[str, tuple[str, dict]]  # line → (its label, fiscal_year → amount)


def _lines(rows: list[tuple]) -> Lines:
    """A department's headline rows of one document kind, read once: each line's label (its
    first row's) and amount per year (its last row's for a year printed twice)."""
    out: Lines = {}
    for _, line, label, year, amount in rows:
        out.setdefault(line, (label, {}))[1][year] = _float(amount)
    return out


def _series(lines: Lines, years: list[int], wanted: list[str]) -> list[tuple[str, list]]:
    return [
        (lines[line][0], [lines[line][1].get(y) for y in years]) for line in wanted if line in lines
    ]


def _charts(parts_of: _Parts, key: str) -> str:
    parts = []
    head = parts_of.headline(key)
    for doc_kind in _ordered(r[0] for r in head):
        # an equality with null holds for no row (a null doc_kind's section is empty)
        rows = [r for r in head if doc_kind is not None and r[0] == doc_kind]
        years = _ordered(r[3] for r in rows)
        lines = _lines(rows)
        three = sorted(ln for ln in lines if ln.startswith("3p_") and ln != "3p_total")
        figures = [
            ("支出合计 total", bar_chart("支出合计", years, _series(lines, years, ["total"]))),
            (
                "基本支出与项目支出 basic vs project",
                bar_chart(
                    "基本支出与项目支出",
                    years,
                    _series(lines, years, ["basic", "project"]),
                    stacked=True,
                ),
            ),
            (
                "三公经费 three public expenses",
                bar_chart("三公经费", years, _series(lines, years, three or ["3p_total"])),
            ),
        ]
        kind = _zh(doc_kind, DOC_KIND_LABELS)
        parts.append(
            f"<h2>多年度 multi-year · {kind}</h2><div class='charts'>"
            + "".join(
                f"<figure><figcaption>{escape(cap)}</figcaption>{svg}</figure>"
                for cap, svg in figures
                if svg
            )
            + "</div>"
            + _headline_table(lines, years)
        )
    parts.append(_peer_charts(parts_of, key))
    return "".join(parts)


def _headline_table(lines: Lines, years: list[int]) -> str:
    body = []
    for line in sorted(lines, key=LINE_ORDER.index):
        label, by_year = lines[line]
        body.append(
            f"<tr><td>{escape(label)} <code>{escape(line)}</code></td>"
            + "".join(f'<td class="n">{money(by_year.get(y))}</td>' for y in years)
            + "</tr>"
        )
    return _table([("项目", "line"), *((str(y), "万元") for y in years)], body)


def _peer_charts(parts_of: _Parts, key: str) -> str:
    mine = parts_of.peers(key)
    if not mine:
        return (
            "<h2>同类部门比较 peers</h2><p>同类部门不足，无比较 "
            "(fewer peers than comparison.min_peers)</p>"
        )
    year = max((r["fiscal_year"] for r in mine if r["fiscal_year"] is not None), default=None)
    own: dict[tuple, dict] = {}  # (table, column) → its first row of the latest year
    for row in mine:
        if year is not None and row["fiscal_year"] == year:
            own.setdefault((row["table_id"], row["column_id"]), row)
    figures = []
    for table, column, name in PEER_LINES:
        o = own.get((table, column))
        if o is None:
            continue
        peers = parts_of.group(year, o["kind"], o["doc_kind"], table, column)
        svg = peers.chart(name, key, float(o["amount_wan"]), o["median_wan"])
        pct = "" if o["percentile"] is None else f" · 百分位 percentile {o['percentile']:.0f}"
        figures.append(
            f"<figure><figcaption>{escape(name)} {year} · {o['peer_count']} 个同类 "
            f"peers ({escape(o['kind'] or '')}){pct}</figcaption>{svg}</figure>"
        )
    return "<h2>同类部门比较 peers</h2><div class='charts'>" + "".join(figures) + "</div>"


def _department(data: ReportData, parts_of: _Parts, r: dict) -> str:
    key = r["department_key"]
    flags = parts_of.flags(key)
    info = (
        f"<p>地区 region: {escape(r['region'] or '')} · 代码 code: "
        f"{escape(r['department_code'] or '')} · 类别 kind: {escape(r['kind'] or '')} · "
        f"年度 years: {escape(', '.join(str(y) for y in r['years']))} · "
        f"未处理 open: {r['open']} / {r['flags']}</p>"
    )
    return _page(
        r["department_name"] or key,
        info
        + _charts(parts_of, key)
        + f"<h2>问题 flags ({len(flags)})</h2>"
        + _flag_section(flags, "", _crops(flags, data.run.get("input_dir"))),
        root="../",
        script=FILTER_JS,
    )


def write_report(store_dir: Path, out_dir: Path, settings: Settings | None = None) -> Path:
    """Write the site for the store at ``store_dir`` into ``out_dir``; returns index.html.
    ``settings`` is accepted for the flows' call signature (nothing in it is needed yet)."""
    data = load(Path(store_dir), history=False)
    parts_of = _Parts(data)
    out = Path(out_dir)
    (out / "dept").mkdir(parents=True, exist_ok=True)
    for old in (out / "dept").glob("*.html"):  # departments gone from the store
        old.unlink()
    for r in data.departments.iter_rows(named=True):
        (out / "dept" / page_name(r["department_key"])).write_text(
            _department(data, parts_of, r), encoding="utf-8"
        )
    (out / "flags.html").write_text(
        _page("问题清单 flags", _flag_section(parts_of.all_flags, "dept/", {}), script=FILTER_JS),
        encoding="utf-8",
    )
    index = out / "index.html"
    index.write_text(_index(data), encoding="utf-8")
    return index


def prune_runs(outputs_dir: Path, keep: int) -> list[Path]:
    """Remove all but the newest ``keep`` run folders (named by run id) under
    ``outputs_dir``; other files and folders are left alone. Returns what was removed."""
    runs = sorted(p for p in Path(outputs_dir).iterdir() if p.is_dir() and RUN_DIR.match(p.name))
    old = runs[:-keep] if keep > 0 else runs
    for path in old:
        shutil.rmtree(path, ignore_errors=True)
    return old


def write_run_report(store_dir: Path, run_dir: Path, settings: Settings) -> Path:
    """A run's report (``<run_dir>/report/``), then old runs' folders pruned to
    ``pipeline.keep_runs``."""
    index = write_report(store_dir, Path(run_dir) / "report", settings)
    prune_runs(Path(run_dir).parent, settings.pipeline.keep_runs)
    return index
