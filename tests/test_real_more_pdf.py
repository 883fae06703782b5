"""The layouts learnt from ../shared/real_more/pdf read to the figures a person read on their
pages (tests/real_more_figures.py), every such amount is found on its page by the independent
second look (``page_verified``), and the reader's self-check stays quiet on these tables."""
from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import polars as pl
import pytest

from budgetwatch.transforms.reader import read_disclosure
from tests.real_more_figures import DOCS, FIGURES

REAL_MORE = Path(__file__).resolve().parents[2] / "shared" / "real_more" / "pdf"
pytestmark = [pytest.mark.real, pytest.mark.skipif(not REAL_MORE.is_dir(),
                                                    reason="../shared/real_more is absent")]


@lru_cache(maxsize=None)
def _frames(prefix: str):
    path = next(REAL_MORE.glob(f"{prefix}_*.pdf"))
    return read_disclosure(path.read_bytes(), path.name).frames


def _squash(text: str | None) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def _rows(prefix: str, table: str, side: str, key: str, column: str) -> pl.DataFrame:
    li = _frames(prefix).line_items
    rows = li.filter((pl.col("table_id") == table) & (pl.col("side").fill_null("") == side)
                     & (pl.col("column_id") == column))
    coded = pl.col("code").fill_null("")
    named = (coded == "") & (pl.col("name").map_elements(_squash, return_dtype=pl.String)
                             == _squash(key))
    return rows.filter((coded == key) | named)


@pytest.mark.parametrize("prefix,table,side,key,column,printed",
                         [pytest.param(*f, id="-".join(f[:5])) for f in FIGURES])
def test_hand_read_figure(prefix, table, side, key, column, printed):
    rows = _rows(prefix, table, side, key, column)
    amount = Decimal(printed.replace(",", ""))
    expected = amount / 10000 if DOCS[prefix][0] == "元" else amount
    assert rows["amount_wan"].to_list() == [expected]
    assert rows["source_page"].null_count() == 0


@pytest.mark.parametrize("prefix", sorted(DOCS))
def test_loaded_and_every_amount_found_on_its_page(prefix):
    frames = _frames(prefix)
    assert frames.documents["status"].to_list() == ["loaded"]
    assert frames.findings.filter(pl.col("severity") == "error").is_empty()
    li = frames.line_items
    assert li["page_verified"].null_count() == 0
    assert li.filter(~pl.col("page_verified")).is_empty()
    # every finding of a PDF names its page
    assert frames.findings["source_page"].null_count() == frames.findings[
        "source_line"].null_count()


@pytest.mark.parametrize("prefix,table", sorted({f[:2] for f in FIGURES}))
def test_printed_totals_of_the_hand_read_tables_reproduced(prefix, table):
    findings = _frames(prefix).findings
    wrong = findings.filter((pl.col("kind") == "total_not_reproduced")
                            & (pl.col("table_id") == table))
    assert wrong["message"].to_list() == []


def test_code_parts_rebuilt_into_one_code():
    # 211 p.9: "229 | 08 | 04" in three columns, the 项 part glued to its name
    names = dict(_frames("211").line_items.filter(pl.col("table_id") == "expenditure_summary")
                 .select("code", "name").unique().iter_rows())
    assert names["2290804"] == "福利彩票销售机构的业务费支出"
    assert names["22908"] == "彩票发行销售机构业务费安排的支出"
