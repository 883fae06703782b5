"""Catalogue editions: nearest edition ≤ fiscal year, else the earliest; dropped-in files win."""

from __future__ import annotations

import shutil

from budgetwatch.transforms.catalogue import CATALOGUE_DIR, load_catalogue, pick_edition


def test_pick_edition():
    assert pick_edition([2022, 2024], 2023) == 2022
    assert pick_edition([2022, 2024], 2024) == 2024
    assert pick_edition([2022, 2024], 2030) == 2024
    assert pick_edition([2022, 2024], 2019) == 2022
    assert pick_edition([2022, 2024], None) == 2022


def test_office_drops_in_another_edition(tmp_path):
    for name in ("function_2024.csv", "economic_2024.csv", "summary_rows_2024.csv"):
        shutil.copy(CATALOGUE_DIR / name, tmp_path / name)
    header = "code,name,level,parent_code,edition,source,confidence,note\n"
    (tmp_path / "function_2026.csv").write_text(
        header
        + "206,科学技术支出,类,,2026,test,high,\n20604,技术研究与开发（新）,款,206,2026,test,low,\n",
        encoding="utf-8",
    )
    new = load_catalogue(2026, tmp_path)
    assert new.edition == 2026 and new.function["20604"].name == "技术研究与开发（新）"
    assert new.function["20604"].confidence == "low"
    old = load_catalogue(2025, tmp_path)
    assert old.edition == 2024 and old.function["20604"].name == "技术研究与开发"
    # summary rows: ordinal 15 → 215; 31 (人行科目) has no national 类 code
    assert old.summary_classes[15] == ("215", "资源勘探工业信息等支出")
    assert old.summary_classes[31][0] == ""
