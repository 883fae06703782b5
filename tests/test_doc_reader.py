"""Word 97 (.doc) narratives: a damaged file's error names it; real 定州 2017 说明 (tuning half
only) give the figures read by hand with antiword (``antiword -m UTF-8.txt FILE``, a tool used
for this check only, not by the project)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest

from budgetwatch.sources.containers import UnreadableOfficeError, office_kind
from budgetwatch.transforms.doc_reader import read_doc
from budgetwatch.transforms.reader import read_disclosure

DZ = Path(__file__).resolve().parents[2] / "shared" / "real_more" / "dz"
SPLIT = Path("/work/notes/dz_split.tsv")
_OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")


def test_damaged_doc_is_rejected_naming_the_file():
    for data in (_OLE_MAGIC + b"\0" * 600, _OLE_MAGIC + bytes(range(256)) * 8):
        res = read_disclosure(data, "说明/坏.doc")
        doc = res.frames.documents.row(0, named=True)
        assert isinstance(res.error, UnreadableOfficeError)
        assert doc["status_reason"].startswith("说明/坏.doc:"), doc["status_reason"]
        assert "not read" in doc["status_reason"]


def _tuning(prefix: str) -> Path:
    tuning = {
        line.split("\t")[1].strip()
        for line in SPLIT.read_text().splitlines()
        if line.startswith("tuning\t")
    }
    path = next(DZ.glob(f"{prefix}_*.doc"))
    assert path.name in tuning  # study only the tuning half
    return path


def _figures(path: Path) -> dict[str, list[Decimal]]:
    res = read_disclosure(path.read_bytes(), path.name)
    assert res.frames.documents["status_reason"][0] is None, res.error
    out: dict[str, list[Decimal]] = {}
    for label, amount in res.frames.narrative_figures.select("label", "amount_wan").rows():
        out.setdefault(label, []).append(amount)
    return out


@pytest.mark.real
@pytest.mark.skipif(not DZ.is_dir() or not SPLIT.is_file(), reason="../shared absent")
def test_real_doc_narratives_give_the_hand_read_figures():
    # 468 城乡规划管理局: "本年度预算收入为835.29万元 … 预算支出为835.29万元，其中基本支出
    # 239.99万元 … 项目支出为595.3万元"; 239.99 + 595.3 = 835.29; "安排“三公”经费0万元"
    path = _tuning("468")
    assert office_kind(path.read_bytes()) == "doc"
    f = _figures(path)
    # 本年度预算收入 is the year's income (本年收入合计), not 收入总计 (which adds 上年结转):
    # the narrative reader does not give it the income_total label (transforms/narrative.py)
    assert "income_total" not in f and f["expenditure_total"] == [Decimal("835.29")]
    assert f["basic"] == [Decimal("239.99")] and f["project"] == [Decimal("595.3")]
    assert f["basic"][0] + f["project"][0] == f["expenditure_total"][0]
    assert f["three_public_total"] == [Decimal("0")]
    # 444 明月店镇: "基本支出616.12万元；项目支出82.50万元" (616.12 + 82.50 = 698.62, the
    # 本年收入 it states); "公务用车购置及运行费3.60万元，其中：公务用车购置费0万元、公务用车
    # 运行费3.60万元"
    f = _figures(_tuning("444"))
    assert f["basic"] == [Decimal("616.12")] and f["project"] == [Decimal("82.5")]
    assert f["basic"][0] + f["project"][0] == Decimal("698.62")
    assert f["three_public_vehicle"] == [Decimal("3.6")]
    assert f["three_public_vehicle_purchase"] == [Decimal("0")]
    # the paragraph addresses are the .doc's lines: the title is the first one
    office = read_doc(_tuning("444").read_bytes(), "444.doc")
    assert office.rows[1] == "¶1"
    assert pl.Series(list(office.texts.values())).str.contains("明月店镇").any()
