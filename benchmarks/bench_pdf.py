"""PDF reading speed: CPU seconds per page and per document (one core), over a folder of PDFs.

    python benchmarks/bench_pdf.py                    # every *.pdf of ../shared/real
    python benchmarks/bench_pdf.py DIR [--max-pages N]

Each document is timed with the process's CPU clock (not wall time: the machine is shared): the
layout alone (`pdf_layout.read_pages`: characters, rules, cells), the reading of those pages'
rows into tables (`pdf_reader.read_rows` and `pdf_verify`'s second look) and the full
``read_disclosure`` (layout, reading, normalisation, frames; the cyclic GC paused as there).
Issue 17's target: at most 0.3 s of CPU per 25 pages (the last column). ``--max-pages`` skips
longer files (241-page Shenzhen).
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pypdfium2 as pdfium  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from budgetwatch.transforms.pdf_layout import read_pages  # noqa: E402
from budgetwatch.transforms.pdf_reader import read_rows  # noqa: E402
from budgetwatch.transforms.pdf_verify import verify_pages  # noqa: E402
from budgetwatch.transforms.reader import read_disclosure  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "real"


def _cpu(fn, *args) -> float:
    start = time.process_time()
    fn(*args)
    return time.process_time() - start


def _rows(pages) -> None:
    ir, _ = read_rows(pages)
    verify_pages({page.number: page.text for page in pages}, ir.tables)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "folder", type=Path, nargs="?", default=DEFAULT, help=f"folder of PDFs (default {DEFAULT})"
    )
    parser.add_argument("--max-pages", type=int, default=0, help="skip longer PDFs (0: none)")
    args = parser.parse_args()
    files = sorted(args.folder.glob("*.pdf"))
    if not files:
        raise SystemExit(f"no *.pdf files in {args.folder}")
    read_disclosure(files[0].read_bytes(), files[0].name)  # warm-up: imports, catalogues
    console = Console(width=110)
    table = Table(title=f"PDF reading, CPU seconds (one core): {args.folder}")
    for col in ("file", "pages", "layout s", "rows s", "read s", "read s/page", "25-page equiv. s"):
        table.add_column(col, justify="right" if col != "file" else "left")
    pages_total = layout_total = rows_total = read_total = 0.0
    for path in files:
        data = path.read_bytes()
        with pdfium.PdfDocument(data) as pdf:
            pages = len(pdf)
        if args.max_pages and pages > args.max_pages:
            continue
        layout = _cpu(read_pages, data, path.name)
        gc.disable()  # as `reader.read_rows` reads a PDF
        try:
            rows = _cpu(_rows, read_pages(data, path.name))
        finally:
            gc.enable()
        read = _cpu(read_disclosure, data, path.name)
        pages_total += pages
        layout_total += layout
        rows_total += rows
        read_total += read
        table.add_row(
            path.name[:40],
            str(pages),
            f"{layout:.3f}",
            f"{rows:.3f}",
            f"{read:.3f}",
            f"{read / pages:.4f}",
            f"{25 * read / pages:.2f}",
        )
    per_page = read_total / pages_total
    table.add_row(
        "[b]all[/b]",
        f"{pages_total:.0f}",
        f"{layout_total:.2f}",
        f"{rows_total:.2f}",
        f"{read_total:.2f}",
        f"[b]{per_page:.4f}[/b]",
        f"[b]{25 * per_page:.2f}[/b]",
    )
    console.print(table)


if __name__ == "__main__":
    main()
