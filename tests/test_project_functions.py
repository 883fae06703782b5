"""Projects matched to 功能分类 项 by amounts: hand-built cases (amounts in 分), and a generated
corpus whose truth says under which 项 each project is booked."""

from __future__ import annotations

import polars as pl

from budgetwatch.config.settings import load_settings
from budgetwatch.contract.schema import Frames
from budgetwatch.detection.project_functions import Leaf, assign
from budgetwatch.detection.rules_projects import project_function_flags
from budgetwatch.synth import generate_corpus

CFG = load_settings().detection


def test_complete_assignment_is_matched():
    # 30.00 = 10.00 + 20.00; 5.00 = 5.00
    assert assign([Leaf("A", 3000), Leaf("B", 500)], [1000, 500, 2000]).status == "matched"


def test_rounding_of_one_fen_per_project_is_tolerated():
    # 721.03 vs 76.68 + 144.34 + 500.00 = 721.02 (the real sample's 2069999)
    assert assign([Leaf("2069999", 72103)], [7668, 14434, 50000]).status == "matched"


def test_the_one_leaf_that_is_off():
    # A 30.00 = 10.00 + 20.00 exactly; B 5.00 gets the rest, 7.00 + 0.50 = 7.50 (+2.50)
    out = assign([Leaf("A", 3000), Leaf("B", 500)], [1000, 700, 2000, 50])
    assert out.status == "one_leaf_off"
    assert out.leaves == ("B",) and set(out.projects) == {1, 3} and out.difference_fen == 250


def test_a_project_that_fits_nowhere_between_two_leaves():
    # A 28.00 and B 1.70 with projects 26.30, 1.70 and 2.00: 26.30 + 1.70 = A leaves 2.00 for B,
    # 1.70 = B leaves 26.30 + 2.00 = 28.30 for A; the 2.00 is left over either way
    out = assign([Leaf("A", 2800), Leaf("B", 170)], [2630, 170, 200])
    assert out.status == "one_leaf_off"
    assert set(out.leaves) == {"A", "B"} and out.projects == (2,) and out.difference_fen == 30


def test_the_project_left_over_in_every_explanation_is_named():
    # A 10.00, B 10.00, projects 10.00 and 12.00: A off (B = 10.00) or B off (A = 10.00);
    # 12.00 is left over in both
    out = assign([Leaf("A", 1000), Leaf("B", 1000)], [1000, 1200])
    assert out.status == "one_leaf_off" and out.projects == (1,) and set(out.leaves) == {"A", "B"}


def test_explanations_with_nothing_in_common_cannot_be_told():
    # A 10.00, B 5.00, projects 10.00, 5.00, 6.00, 4.00 (Σ 25.00 vs 15.00): A off leaves
    # {10, 6, 4}; B off leaves {5, 6, 4} (A = 10.00) or {10, 5} (A = 6.00 + 4.00): no project
    # is in all three
    out = assign([Leaf("A", 1000), Leaf("B", 500)], [1000, 500, 600, 400])
    assert out.status == "undetermined"


def test_search_gives_up_rather_than_guess():
    # 24 projects of 1.00 against leaves that cannot be met: too many subsets for 50 steps
    out = assign([Leaf("A", 1250), Leaf("B", 1250)], [100] * 24 + [7], max_steps=50)
    assert out.status == "undetermined"


def test_generated_corpus_projects_fall_under_their_function_codes(tmp_path):
    # the generator books every project under a leaf (its truth) and injects project_sum_mismatch
    # as one project's 预算数 changed in its 绩效目标表: clean documents get no flag, and a flag
    # names the label's 项 or its project
    generate_corpus(tmp_path, departments=80, years=[2022, 2023, 2024], seed=31, anomaly_rate=0.6)
    truth = Frames(
        **{
            n: pl.read_parquet(tmp_path / "truth" / f"{n}.parquet")
            for n in ("documents", "line_items", "projects")
        }
    )
    labels = pl.read_parquet(tmp_path / "truth" / "anomalies.parquet")
    flags = pl.concat(
        project_function_flags(truth.line_items, truth.projects)
        or [pl.DataFrame(schema={"doc_id": pl.String, "subject": pl.String})],
        how="diagonal",
    )
    psm = labels.filter(pl.col("kind") == "project_sum_mismatch")
    assert psm.height >= 3
    # (identity_break adds to one 支出总表 leaf's 项目支出 alone: that leaf is off too)
    broken = labels.filter(pl.col("kind").is_in(["project_sum_mismatch", "identity_break"]))[
        "doc_id"
    ]
    assert flags.filter(~pl.col("doc_id").is_in(broken.implode())).is_empty()
    told = flags.join(psm.select("doc_id", "code", "project_code"), on="doc_id")
    assert told.height >= 1
    for r in told.iter_rows(named=True):
        assert r["code"] in r["subject"] or r["project_code"] in r["subject"], r
