"""How many PDFs printing a 项目支出绩效目标表 yield projects and indicators.

Usage: ``python benchmarks/bench_performance.py FOLDER [tuning|held]`` (the half of
`benchmarks/real_split.py`; all PDFs of the folder when no half is named). A document prints a
project 绩效目标表 when a page's plain text (pdfium, not the layout reader) holds the grid header
(一级指标 with 三级指标 or 指标内容) beside a project label (项目名称 / 项目总额) and is no self-
evaluation (自评); prints one line per such document and the totals.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pypdfium2 as pdfium

from benchmarks.real_split import split
from budgetwatch.transforms.pdf_reader import read_pdf
from budgetwatch.transforms.projects import normalise_projects
from budgetwatch.transforms.tables import squash


def prints_targets(data: bytes) -> bool:
    doc = pdfium.PdfDocument(data)
    try:
        for page in doc:
            text = squash(page.get_textpage().get_text_range())
            if (
                "一级指标" in text
                and ("三级指标" in text or "指标内容" in text)
                and ("项目名称" in text or "项目总额" in text)
                and "自评" not in text
            ):
                return True
        return False
    finally:
        doc.close()


def main(folder: Path, half: str | None) -> None:
    sides = split(folder)
    names = [n for n, side in sorted(sides.items()) if half is None or side == half]
    docs = read = projects = indicators = 0
    kinds: Counter[str] = Counter()
    for name in names:
        data = (folder / name).read_bytes()
        if not prints_targets(data):
            continue
        docs += 1
        ir, _ = read_pdf(data, name)
        out = normalise_projects(ir.projects)
        found = Counter(f.kind for f in ir.findings + out.findings if f.table_id == "projects")
        kinds.update(found)
        read += bool(out.projects)
        projects += len(out.projects)
        indicators += len(out.indicators)
        print(
            f"{name}\tprojects {len(out.projects)}\tindicators {len(out.indicators)}\t{dict(found)}"
        )
    print(
        f"documents printing a 项目 绩效目标表: {docs}; with projects read: {read}; "
        f"projects {projects}; indicators {indicators}; findings {dict(kinds)}"
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2] if len(sys.argv) > 2 else None)
