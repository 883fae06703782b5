"""model:composition (detection/composition.py): a department whose 基本支出 mix is unlike its
peers' in every year, though no single line would pass a rule's floor."""

from __future__ import annotations

from decimal import Decimal

import polars as pl

from budgetwatch.config.settings import load_settings
from budgetwatch.detection.composition import composition_flags

CFG = load_settings().detection


def _comparisons(odd_years=(2022, 2023, 2024)):
    """12 departments of one kind × 2022-2024; department i prints 30101 100+i, 30201
    20+((7i + year) mod 5), 30301 10. Department 'odd' prints 30101 100, 30201 60, 30301 10 in
    ``odd_years`` (its ordinary mix, 20, in the others)."""
    my, hist = [], []
    for i in range(13):
        dept = "odd" if i == 12 else f"d{i}"
        for year in (2022, 2023, 2024):
            doc = f"{dept}-{year}"
            hist.append({"doc_id": doc, "department_key": dept, "fiscal_year": year, "kind": "局"})
            amounts = (
                {"30101": 100, "30201": 60 if year in odd_years else 20, "30301": 10}
                if dept == "odd"
                else {"30101": 100 + i, "30201": 20 + (7 * i + year) % 5, "30301": 10}
            )
            for line, (code, amount) in enumerate(amounts.items(), start=30):
                my.append(
                    {
                        "doc_id": doc,
                        "table_id": "general_budget_basic_expenditure",
                        "column_id": "total",
                        "code": code,
                        "amount_wan": Decimal(amount),
                        "source_line": line,
                    }
                )
    return {
        "multiyear": pl.DataFrame(my, schema_overrides={"amount_wan": pl.Decimal(20, 6)}),
        "department_history": pl.DataFrame(hist),
        "peers": pl.DataFrame(),
    }


def test_a_department_spending_three_times_its_peers_share_on_goods_and_services():
    f = pl.concat(composition_flags(_comparisons(), CFG))
    assert sorted(f["doc_id"]) == ["odd-2022", "odd-2023", "odd-2024"]
    row = f.row(0, named=True)
    assert row["subject"] == "general_budget_basic_expenditure/302/share"
    # 60 / (100 + 60 + 10) = 35.29 %; every peer's share is at most 24 / (100 + 24 + 10) =
    # 17.9 %, so the median is below that
    assert row["actual"] == "35.3%"
    assert float(row["expected"].rstrip("%")) < 17.9
    assert "strongest: log_302_301 +" in row["explanation"]


def test_one_odd_year_is_no_composition_outlier():
    # the same mix in 2024 only: a change against last year, not a department unlike its peers
    assert composition_flags(_comparisons(odd_years=(2024,)), CFG) == []
