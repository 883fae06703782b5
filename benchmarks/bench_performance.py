"""How many PDFs printing a 项目支出绩效目标表 yield projects and indicators, per template group.

Usage: ``python -m benchmarks.bench_performance FOLDER [tuning|held]`` (the half of
`benchmarks/real_split.py`; all PDFs of the folder when no half is named).

A document prints a project 绩效目标表 when a page's plain text (pdfium, not the layout reader)
holds indicator words (一级指标, or 产出指标 listed in a cell) beside a project label (项目名称 /
专项（项目）名称 / 项目总额) and is no self-evaluation (自评) nor a department-wide form (部门整体). The template
group is the ``tpl=`` note of the folder's MANIFEST.tsv (else the reader's region). Per group:
- documents printing a 绩效目标表, documents loaded (no reason to reject, no error finding), documents
  with projects read, projects, indicators;
- suspects: indicators whose project's printed name is on neither the indicator's page nor the
  page before, nor the first project name printed on the page after (a row attached to the
  wrong project would show here; a project running over more than two pages too). Projects
  printed without a name (``第N个项目``) are left out;
- cost findings (``performance_suspect``), unattached rows and unread pages;
- documents printing a 部门整体 绩效目标表 with an 一级指标 grid (no 自评; the grid on its page
  or the next, which prints no 项目名称 / 项目总额), and those read as one department block.
The projects / indicators / suspects columns leave the department blocks out.
One line per document, then the table.
"""

from __future__ import annotations

import sys
from collections import Counter, defaultdict
from pathlib import Path

import polars as pl
import pypdfium2 as pdfium

from benchmarks.bench_real import _manifest
from benchmarks.real_split import split
from budgetwatch.transforms.pdf_layout import read_pages
from budgetwatch.transforms.pdf_reader import read_rows
from budgetwatch.transforms.reader import read_disclosure
from budgetwatch.transforms.tables import squash

COLUMNS = (
    "printing",
    "loaded",
    "read",
    "projects",
    "indicators",
    "suspects",
    "performance_suspect",
    "performance_unattached",
    "performance_unread",
    "department_printing",
    "department_read",
)


def page_texts(data: bytes) -> list[str]:
    doc = pdfium.PdfDocument(data)
    try:
        # pdfium marks a hyphen printed at a line's end \ufffe (the reader keeps it as "-")
        return [squash(page.get_textpage().get_text_range().replace("\ufffe", "-")) for page in doc]
    finally:
        doc.close()


# project labels; Xi'an 2020 prints 专项（项目）名称 (337)
_PROJECT_LABELS = ("项目名称", "项目)名称", "项目总额")


def prints_targets(texts: list[str]) -> bool:
    return any(
        ("一级指标" in t or "产出指标" in t)
        and any(label in t for label in _PROJECT_LABELS)
        and "自评" not in t
        and "部门整体" not in t
        for t in texts
    )


def _opening(names: set[str], text: str) -> str | None:
    """The project name printed first on a page: the block a page break cut goes on there."""
    found = [(text.find(n), n) for n in names if n in text]
    return min(found)[1] if found else None


def prints_department_targets(texts: list[str]) -> bool:
    """A 部门整体 绩效目标表 (no 自评) whose page, or the next when that opens no table of its
    own (no 绩效目标表 title), prints an 一级指标 grid of no project (no 项目名称 / 项目总额), or
    a grid printing the levels in one 绩效指标 cell (Beijing 预算13表: 指标性质, 产出指标)."""
    return any(
        "部门整体" in t
        and "绩效目标" in t
        and "自评" not in t
        and any(
            ("一级指标" in u or ("指标性质" in u and "产出指标" in u))
            and not any(label in u for label in _PROJECT_LABELS)
            for u in [t, *(u for u in texts[k + 1 : k + 2] if "绩效目标表" not in u)]
        )
        for k, t in enumerate(texts)
    )


def suspects(indicators: pl.DataFrame, projects: pl.DataFrame, line_pages, texts) -> int:
    """Indicators whose project's name is printed on neither their page nor the page before,
    nor first of the project names on the page after (a block cut by the page break whose name
    cell is centred on its part on the next page)."""
    names = {c: squash(n or "") for c, n in zip(projects["project_code"], projects["project_name"])}
    named = {n for n in names.values() if n and not ("第" in n and n.endswith("个项目"))}
    count = 0
    for code, line in indicators.select("project_code", "source_line").iter_rows():
        name = names.get(code, "")
        if name not in named:
            continue
        page = line_pages[line - 1]
        if any(name in texts[p - 1] for p in (page, page - 1) if p >= 1):
            continue
        if page < len(texts) and _opening(named, texts[page]) == name:
            continue
        count += 1
    return count


def measure(path: Path) -> dict | None:
    data = path.read_bytes()
    texts = page_texts(data)
    department = prints_department_targets(texts)
    if not (prints_targets(texts) or department):
        return None
    f = read_disclosure(data, path.name).frames
    ir, _ = read_rows(read_pages(data, path.name))
    kinds = Counter(f.findings["kind"].to_list())
    doc = f.documents.row(0, named=True)
    dept = f.projects["project_kind"] == "department"
    projects = f.projects.filter(~dept)
    indicators = f.indicators.filter(pl.col("project_code").is_in(projects["project_code"]))
    return {
        "region": doc["region"] or "?",
        "printing": int(prints_targets(texts)),
        # not rejected (the status itself is decided in flows.core.decide_status, after the reader)
        "loaded": int(doc["status_reason"] is None and "error" not in f.findings["severity"]),
        "read": int(projects.height > 0),
        "projects": projects.height,
        "indicators": indicators.height,
        "suspects": suspects(indicators, projects, ir.line_pages, texts),
        **{k: kinds.get(k, 0) for k in COLUMNS[-5:-2]},
        "department_printing": int(department),
        "department_read": int(dept.any()),
    }


def main(folder: Path, half: str | None) -> None:
    sides = split(folder)
    manifest = _manifest(folder)
    groups: dict[str, Counter] = defaultdict(Counter)
    for name in (n for n, side in sorted(sides.items()) if half in (None, side)):
        m = measure(folder / name)
        if m is None:
            continue
        group = manifest.get(name, (m.pop("region"),))[0]
        m.pop("region", None)
        groups[group].update(m)
        print(name, group, *(f"{k} {m[k]}" for k in COLUMNS[1:]), sep="\t")
    print("\t".join(("group", *COLUMNS)))
    total: Counter = Counter()
    for group, counts in sorted(groups.items()):
        total.update(counts)
        print("\t".join((group[:40], *(str(counts[k]) for k in COLUMNS))))
    print("\t".join(("all", *(str(total[k]) for k in COLUMNS))))


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2] if len(sys.argv) > 2 else None)
