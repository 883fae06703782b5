"""A run's outputs, kept for comparison: the store's tables, the flag ids and the report.

    python benchmarks/compare_outputs.py save CORPUS OUT [--documents 200] [--names FILE]
    python benchmarks/compare_outputs.py diff BEFORE AFTER

``save`` runs the whole ``budgetwatch_run`` flow (Prefect's temporary server, 2 parse
workers) over the first N files of CORPUS (a synth output, or a folder of disclosures: *.txt,
*.pdf; with ``--names``, only the files that FILE names, one name a line) into an empty
store, with a fixed run id, and keeps under OUT every stored table (per-document and
derived, as Parquet, read through ``Store.read``), the flag ids in rank order, the gate's
summary, and the report's pages with the run's times taken out. Run it with the code before
a change (another worktree's venv) and after, then ``diff``: every table equal by value and
order, every page byte for byte. A speed change must print ``identical``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

RUN_ID = "20261207T000000Z-compar"
# the run's own clock in the report: its finish time
STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+00:00")


def save(corpus: Path, out: Path, documents: int, names: Path | None = None) -> None:
    from budgetwatch import flows

    work = Path(tempfile.mkdtemp(prefix="compare-outputs-"))
    docs_dir = corpus / "docs" if (corpus / "docs").is_dir() else corpus
    files = sorted(p for p in docs_dir.rglob("*") if p.suffix in (".txt", ".pdf"))
    if names is not None:
        wanted = set(names.read_text(encoding="utf-8").split())
        files = [f for f in files if f.name in wanted]
    for f in files[:documents]:
        target = work / "input" / f.relative_to(docs_dir)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.link(f, target)
    flows.use_prefect_home(work / "store")
    os.environ["BUDGETWATCH__PIPELINE__WORKERS"] = "2"
    from budgetwatch.flows.pipeline import budgetwatch_run
    from budgetwatch.store import Store
    from budgetwatch.store.parquet import DERIVED_TABLES, DOC_TABLES

    meta = budgetwatch_run(
        input_dir=str(work / "input"),
        data_dir=str(work / "store"),
        outputs_dir=str(work / "outputs"),
        run_id=RUN_ID,
    )
    shutil.rmtree(out, ignore_errors=True)
    (out / "tables").mkdir(parents=True)
    store = Store(work / "store")
    for table in [*DOC_TABLES, *DERIVED_TABLES]:
        store.read(table).write_parquet(out / "tables" / f"{table}.parquet")
    flags = store.read("flags")
    (out / "flag_ids.txt").write_text("\n".join(flags["flag_id"].to_list()) + "\n")
    (out / "gates.json").write_text(
        json.dumps(meta["gates"], indent=1, sort_keys=True, default=str)
    )
    report = work / "outputs" / RUN_ID / "report"
    for page in sorted(report.rglob("*.html")):
        target = out / "report" / page.relative_to(report)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(STAMP.sub("TIME", page.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"{out}: {flags.height} flags, {len(list(report.rglob('*.html')))} report pages")
    shutil.rmtree(work, ignore_errors=True)


def diff(before: Path, after: Path) -> int:
    import polars as pl

    problems = []
    names = sorted({p.name for p in (before / "tables").glob("*.parquet")})
    for name in names:
        a, b = pl.read_parquet(before / "tables" / name), pl.read_parquet(after / "tables" / name)
        if not a.equals(b, null_equal=True):
            problems.append(f"table {name}: {a.shape} vs {b.shape}, not equal")
    for rel in ("flag_ids.txt", "gates.json"):
        if (before / rel).read_bytes() != (after / rel).read_bytes():
            problems.append(rel)
    pages_a = {p.relative_to(before) for p in (before / "report").rglob("*.html")}
    pages_b = {p.relative_to(after) for p in (after / "report").rglob("*.html")}
    if pages_a != pages_b:
        problems.append(f"report pages differ: {len(pages_a)} vs {len(pages_b)}")
    problems += [
        f"report page {p}"
        for p in sorted(pages_a & pages_b)
        if (before / p).read_bytes() != (after / p).read_bytes()
    ]
    flags = len((before / "flag_ids.txt").read_text().split())
    print(
        f"{len(names)} tables, {flags} flag ids, {len(pages_a)} report pages: "
        + ("identical" if not problems else "DIFFERENT\n  " + "\n  ".join(problems))
    )
    return 1 if problems else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("save")
    s.add_argument("corpus", type=Path)
    s.add_argument("out", type=Path)
    s.add_argument("--documents", type=int, default=200)
    s.add_argument("--names", type=Path, help="only the files this file names, one a line")
    d = sub.add_parser("diff")
    d.add_argument("before", type=Path)
    d.add_argument("after", type=Path)
    args = parser.parse_args()
    if args.command == "save":
        save(args.corpus, args.out, args.documents, args.names)
    else:
        sys.exit(diff(args.before, args.after))


if __name__ == "__main__":
    main()
