"""How whole the reader reads a folder of real PDFs, per template group — no answer key needed.

    python benchmarks/bench_real.py FOLDER [--split tuning|held|all] [--files-out F.tsv]

Per group (the ``tpl=`` note of a MANIFEST.tsv beside the files when there is one — this script
may read it, project code never does — else the region the reader finds) it prints:
- documents loaded (status loaded, no error finding) / table-bearing documents (the manifest's
  ``units[…]`` not empty; without a manifest, every document whose reader found a table). A
  绩效目标表-only PDF is table-bearing: it counts as loaded once its projects are read;
- printed totals reproduced exactly + within the rounding of the printed figures / printed totals
  the rows can reproduce (`transforms.selfcheck`);
- lines with amounts left unread (finding ``unread_line``);
- amounts not found on their page by the independent text extraction (``page_verified`` False);
- documents whose key figures are all read and reproduced / documents printing a key table
  (`transforms.selfcheck.key_figures`: the 收支总表's 收入总计 and 支出总计, balanced; the 支出总表's
  合计 in total / basic / project; the 三公 小计), exact or within the printed rounding;
- findings by kind (warning and error).
``--split`` takes one side of the fixed split (`benchmarks/real_split.py`).
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from real_split import split  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from budgetwatch.transforms.normalise import LINE_ITEM_COLUMNS  # noqa: E402
from budgetwatch.transforms.reader import read_disclosure  # noqa: E402
from budgetwatch.transforms.selfcheck import check_totals, key_figures  # noqa: E402

_TPL = re.compile(r"tpl=([^:;(]*)")


def _manifest(folder: Path) -> dict[str, tuple[str, bool]]:
    """file → (template group, table-bearing) from a MANIFEST.tsv."""
    path = folder / "MANIFEST.tsv"
    if not path.exists():
        return {}
    out = {}
    for row in csv.DictReader(path.open(encoding="utf-8"), delimiter="\t"):
        tpl = _TPL.search(row["notes"])
        out[row["file"]] = (tpl.group(1).strip() if tpl else "?", "units[]" not in row["notes"])
    return out


def measure(path: Path) -> dict:
    res = read_disclosure(path.read_bytes(), path.name)
    f = res.frames
    doc = f.documents.row(0, named=True)
    kinds = Counter(f.findings.filter(f.findings["severity"] != "info")["kind"].to_list())
    errors = f.findings.filter(f.findings["severity"] == "error").height
    one_row = f.findings.filter(f.findings["kind"] == "one_row_table")["table_id"].to_list()
    rows = f.line_items.select(LINE_ITEM_COLUMNS).rows()
    checks = check_totals(rows, frozenset(one_row))
    keys = key_figures(rows, checks)
    return {
        "region": doc["region"] or "?",
        "loaded": doc["status_reason"] is None and not errors,  # none: not rejected
        "tables": f.line_items.height > 0
        or f.table_status.filter(f.table_status["status"] != "missing").height > 0
        or doc["status_reason"] is not None,
        "totals": len(checks),
        "reproduced": sum(c.reproduced for c in checks),
        "rounded": sum(c.rounded and not c.reproduced for c in checks),
        "unread": kinds.get("unread_line", 0),
        "unverified": f.line_items.filter(f.line_items["page_verified"].not_()).height,
        "items": f.line_items.height,
        "keyed": bool(keys),
        "keys_exact": bool(keys) and all(k.exact for k in keys),
        "keys_missed": " ".join(f"{k.table_id}.{k.side}{k.column_id}" for k in keys if not k.exact),
        "kinds": kinds,
        "reason": doc["status_reason"] or "",
    }


_SUMMED = ("totals", "reproduced", "rounded", "unread", "unverified", "items")


def _cells(row: Counter, kinds: Counter) -> list[str]:
    """One line of the printed table (a group's or all groups')."""
    share = f" ({100 * row['keys_exact'] / row['keyed']:.0f} %)" if row["keyed"] else ""
    return [
        str(row["docs"]),
        f"{row['loaded']}/{row['bearing']}",
        f"{row['reproduced']}+{row['rounded']}/{row['totals']}",
        str(row["unread"]),
        str(row["unverified"]),
        str(row["items"]),
        f"{row['keys_exact']}/{row['keyed']}{share}",
        ", ".join(f"{k} {v}" for k, v in kinds.most_common()),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--split", choices=("tuning", "held", "all"), default="all")
    parser.add_argument("--files-out", type=Path, help="write one line per document (TSV)")
    args = parser.parse_args()
    sides = split(args.folder)
    manifest = _manifest(args.folder)
    files = [
        args.folder / name for name, side in sorted(sides.items()) if args.split in ("all", side)
    ]
    groups: dict[str, list[dict]] = defaultdict(list)
    per_file = []
    for path in files:
        m = measure(path)
        group, bearing = manifest.get(path.name, (m["region"], m["tables"]))
        m["bearing"] = bearing
        groups[group].append(m)
        per_file.append((path.name, group, m))
    console = Console(width=160)
    table = Table(title=f"{args.folder} ({args.split}, {len(files)} files)")
    for col in (
        "group",
        "docs",
        "loaded/table-bearing",
        "totals exact+rounding",
        "unread lines",
        "not on page",
        "items",
        "key figures exact",
        "findings (warning+)",
    ):
        table.add_column(
            col, justify="left" if col in ("group", "findings (warning+)") else "right"
        )
    total: dict = Counter()
    all_kinds: Counter = Counter()
    for group, ms in sorted(groups.items()):
        bearing = [m for m in ms if m["bearing"]]
        row = Counter(
            docs=len(ms),
            bearing=len(bearing),
            loaded=sum(m["loaded"] for m in bearing),
            keyed=sum(m["keyed"] for m in ms),
            keys_exact=sum(m["keys_exact"] for m in ms),
            **{k: sum(m[k] for m in ms) for k in _SUMMED},
        )
        kinds = sum((m["kinds"] for m in ms), Counter())
        total.update(row)
        all_kinds.update(kinds)
        table.add_row(group[:40], *_cells(row, kinds))
    table.add_row("[b]all[/b]", *_cells(total, all_kinds))
    console.print(table)
    if args.files_out:
        with args.files_out.open("w", encoding="utf-8") as out:
            for name, group, m in per_file:
                out.write(
                    "\t".join(
                        [
                            name,
                            group,
                            str(m["bearing"]),
                            str(m["loaded"]),
                            f"{m['reproduced']}+{m['rounded']}/{m['totals']}",
                            str(m["unread"]),
                            str(m["unverified"]),
                            str(m["keys_exact"]) if m["keyed"] else "-",
                            m["keys_missed"],
                            m["reason"][:120],
                            " ".join(f"{k}:{v}" for k, v in m["kinds"].items()),
                        ]
                    )
                    + "\n"
                )


if __name__ == "__main__":
    main()
