"""Flags of one cause grouped (detection.flagset.group) and shown once by `summary`."""

from __future__ import annotations

from decimal import Decimal

import polars as pl

from budgetwatch.contract.schema import DOCUMENTS, FLAGS, conform
from budgetwatch.detection.flagset import assemble, finish, flag_id, group
from budgetwatch.outputs.summary import top_flags


def _ranked():
    # doc a: a leaf's 项目支出 printed 85.90 too high — 支出总表 parent ≠ Σ children (100.00 vs
    # 185.90), the same code across tables (1000.00 vs 1085.90): |difference| 85.90 both; and a
    # boilerplate value (no numbers to compare). doc b: the same 85.90 by coincidence, another
    # document. doc c: two lines of one peer outlier (model flags), with different numbers.
    rows = [
        ("f1", "a", "gate:identity_break", "critical", "100.00", "185.90"),
        ("f2", "a", "gate:cross_table_mismatch", "critical", "1000.00", "1085.90"),
        ("f3", "b", "gate:identity_break", "critical", "10.00", "95.90"),
        ("f4", "c", "model:line_items", "warning", "497.0", "15961.28"),
        ("f5", "c", "model:line_items", "warning", "270.11", "39569.48"),
        ("f6", "a", "boilerplate_indicator", "warning", "rate", "≥95%"),
        ("f7", "a", "gate:narrative_mismatch", "warning", "983.34", "983.34"),
    ]
    # the amounts are the expected_wan / actual_wan columns (a side with no amount: null)
    return conform(
        pl.DataFrame(
            [
                {
                    "flag_id": f,
                    "doc_id": d,
                    "rule_or_model": r,
                    "severity": s,
                    "expected": e,
                    "actual": a,
                    "expected_wan": _amount(e),
                    "actual_wan": _amount(a),
                    "rank": i,
                }
                for i, (f, d, r, s, e, a) in enumerate(rows, start=1)
            ]
        ),
        FLAGS,
    )


def _amount(text: str) -> Decimal | None:
    return Decimal(text) if text[0].isdigit() else None


def test_same_difference_in_one_document_is_one_group():
    g = {
        r["flag_id"]: (r["group_id"], r["group_size"])
        for r in group(_ranked()).iter_rows(named=True)
    }
    assert g["f1"] == g["f2"] == ("f1", 2)  # 185.90 − 100.00 = 1085.90 − 1000.00 = 85.90
    assert g["f3"] == ("f3", 1)  # same 85.90, other document
    assert g["f4"] == g["f5"] == ("f4", 2)  # one peer outlier, two lines
    assert g["f6"] == ("f6", 1)  # no numbers
    assert g["f7"] == ("f7", 1)  # equal numbers: no difference to share


def test_summary_shows_each_group_once():
    flags = group(_ranked()).with_columns(score=pl.lit(1.0))
    shown = top_flags(flags, 10)["flag_id"].to_list()
    assert sorted(shown) == ["f1", "f3", "f4", "f6", "f7"]


def test_a_flag_names_its_row_s_file_else_the_document_s():
    # a joined document (tables file t.pdf, narrative n.pdf): a flag built from a narrative row
    # keeps the row's file; one whose row names none (a single-file document's, or a table
    # row's) takes the document's; neither changes the flag's id
    docs = conform(
        pl.DataFrame({"doc_id": ["j", "s"], "source_file": ["t.pdf", "s.txt"]}), DOCUMENTS
    )
    sizes = pl.DataFrame({"doc_id": ["j", "s"], "size_wan": [100.0, 100.0]})
    narrative = pl.DataFrame(
        {
            "doc_id": ["j"],
            "subject": ["narrative/9/x"],
            "expected": ["once"],
            "actual": ["x"],
            "explanation": ["x"],
            "source_line": [9],
            "source_file": ["n.pdf"],
        }
    )
    tables = pl.DataFrame(
        {
            "doc_id": ["j", "s"],
            "subject": ["t/1", "t/1"],
            "expected": ["a", "a"],
            "actual": ["b", "b"],
            "explanation": ["y", "y"],
            "source_line": [9, 4],
        }
    )
    flags = assemble(
        [finish(narrative, "copy_paste_narrative"), finish(tables, "name_mismatch")], docs, sizes
    )
    got = {
        (r["doc_id"], r["subject"]): (r["source_file"], r["source_line"], r["flag_id"])
        for r in flags.iter_rows(named=True)
    }
    assert got == {
        ("j", "narrative/9/x"): ("n.pdf", 9, flag_id("copy_paste_narrative", "j", "narrative/9/x")),
        ("j", "t/1"): ("t.pdf", 9, flag_id("name_mismatch", "j", "t/1")),
        ("s", "t/1"): ("s.txt", 4, flag_id("name_mismatch", "s", "t/1")),
    }


def test_a_composition_outlier_joins_the_peer_outlier_lines_of_its_document():
    # doc c: a 会议费 ten times its peers' (model:line_items) also makes its 302 share unusual
    # (model:composition): one department spending unlike its peers, one group
    extra = conform(
        pl.DataFrame(
            [
                {
                    "flag_id": "f8",
                    "doc_id": "c",
                    "rule_or_model": "model:composition",
                    "severity": "warning",
                    "expected": "9.2%",
                    "actual": "22.6%",
                    "rank": 8,
                }
            ]
        ),
        FLAGS,
    )
    g = {
        r["flag_id"]: (r["group_id"], r["group_size"])
        for r in group(pl.concat([_ranked(), extra])).iter_rows(named=True)
    }
    assert g["f4"] == g["f5"] == g["f8"] == ("f4", 3)
