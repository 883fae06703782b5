"""Isolation-forest models: the designed indicator features isolate frequent boilerplate where
naive ones do not (a measurement), and the project / line-item models flag a planted change."""

from __future__ import annotations

import math
import random
from decimal import Decimal

import numpy as np
import polars as pl

from budgetwatch.config.settings import load_settings
from budgetwatch.contract.schema import DOCUMENTS, INDICATORS, PROJECTS, conform
from budgetwatch.detection.models import (
    INDICATOR_FEATURES,
    PEER_COLUMNS,
    _fit,
    indicator_features,
    indicator_scores,
    line_item_flags,
    project_flags,
)

CFG = load_settings().detection


def _indicator_corpus(n_projects=40, boilerplate_every=3):
    """Projects with 3 rate rows (≥95%, legitimate), one count row (varied), one money row
    (= 预算数); every third project's count row is replaced by ≥95% — boilerplate at ~7% of
    rows, printed exactly like the 60% of rows that are legitimate rates."""
    rng = random.Random(3)
    rows, projects, truth = [], [], []
    for p in range(n_projects):
        doc, code, budget = f"d{p // 4}", f"P{p}", Decimal(rng.randint(10, 500))
        projects.append({"doc_id": doc, "project_code": code, "budget_wan": budget})
        bad = p % boilerplate_every == 0
        spec = [
            ("质量指标", "资金发放率", "≥95%", 95, "%"),
            ("社会效益指标", "群众知晓率", "≥95%", 95, "%"),
            ("满意度指标", "服务对象满意度", "≥95%", 95, "%"),
            (
                "数量指标",
                "学校数量（所）",
                "≥95%" if bad else f"{rng.randint(2, 60)}所",
                95 if bad else None,
                "%" if bad else "所",
            ),
            ("成本指标", "预算控制数", f"{budget}万元", budget, "万元"),
        ]
        for k, (l2, l3, raw, num, unit) in enumerate(spec, start=1):
            if num is None:
                num = int(raw.rstrip("所"))
            rows.append(
                {
                    "doc_id": doc,
                    "project_code": code,
                    "level2": l2,
                    "level3": l3,
                    "description": l3,
                    "value_raw": raw,
                    "value_number": Decimal(num),
                    "value_unit": unit,
                    "indicator_no": k,
                    "source_line": len(rows) + 1,
                }
            )
            truth.append(bad and k == 4)
    ind = conform(
        pl.DataFrame(rows, schema_overrides={"value_number": pl.Decimal(20, 6)}), INDICATORS
    )
    prj = conform(
        pl.DataFrame(projects, schema_overrides={"budget_wan": pl.Decimal(20, 6)}), PROJECTS
    )
    return ind, prj, np.array(truth)


def _asked_values(doc: str, rates: list[str], counts: list[str]) -> list[dict]:
    """One document's indicator values as the pattern rule reads them: six rates, then counts."""
    return [
        {
            "doc_id": doc,
            "_asked": "rate" if i < 6 else "count",
            "value_raw": value,
            "source_line": 10 + i,
            "source_file": f"{doc}.txt",
        }
        for i, value in enumerate(rates + counts)
    ]


def _precision_at_injected(scores, truth):
    k = int(truth.sum())
    top = np.argsort(-scores, kind="stable")[:k]
    return truth[top].mean()


def test_designed_features_isolate_frequent_boilerplate_naive_ones_do_not():
    ind, prj, truth = _indicator_corpus()
    feats = indicator_features(ind, prj)
    naive = feats.select(
        value=pl.col("value_number").cast(pl.Float64),
        is_pct=(pl.col("value_unit") == "%").cast(pl.Float64),
        level2=pl.col("level2").rank("dense").cast(pl.Float64),
    ).to_numpy()
    p_naive = _precision_at_injected(_fit(naive, CFG.forests.indicators)[0], truth)
    p_designed = _precision_at_injected(
        indicator_scores(feats, INDICATOR_FEATURES, CFG.forests.indicators), truth
    )
    # 14 boilerplate rows among 200: the naive forest sees "95 %" as the commonest value
    assert p_naive <= 0.3
    assert p_designed >= 0.9


def test_project_model_flags_a_fivefold_project_with_explanation():
    rng = random.Random(5)
    docs, prj = [], []
    for dep in range(12):
        for year in (2022, 2023, 2024):
            doc = f"{dep}-{year}"
            docs.append(
                {"doc_id": doc, "region": "R", "department_code": str(dep), "fiscal_year": year}
            )
            for k in range(4):
                base = 50 + 10 * k + dep
                amount = base * (1 + rng.uniform(-0.1, 0.1))
                if (dep, year, k) == (7, 2024, 2):
                    amount = base * 5  # planted: ×5 against 2023 (≈ ×5 / 1.1 at least ×4.5)
                prj.append(
                    {
                        "doc_id": doc,
                        "project_code": f"{dep}P{k}",
                        "project_no": k + 1,
                        "project_name": f"项目{k}",
                        "budget_wan": Decimal(f"{amount:.2f}"),
                        "source_line": 10 + k,
                    }
                )
    d = conform(pl.DataFrame(docs), DOCUMENTS)
    p = conform(pl.DataFrame(prj, schema_overrides={"budget_wan": pl.Decimal(20, 6)}), PROJECTS)
    f = pl.concat(project_flags(p, d, CFG))
    assert f.select("doc_id", "subject", "kind").rows() == [
        ("7-2024", "projects/7P2/budget_wan", "yoy_change")
    ]
    assert "vs" in f["explanation"][0] and "(×" in f["explanation"][0]
    # the forest was fitted on the other departments' projects; its strongest feature for the
    # planted row is the change (log ×5 ≈ +1.6 where the others move by ±0.1)
    assert "strongest: log_change +" in f["explanation"][0]
    assert "forest score" in f["explanation"][0]


def test_line_item_model_flags_persistent_per_person_outlier_only():
    # 12 departments of one kind print 30215 会议费 near 2 万元 in 2023 and 2024 with 20 staff
    # (0.1 万元 per person). Department 11 prints 20 in both years (×10 its peers, ×10 per
    # person); department 10 only in 2024 (a one-year spike, a yoy matter, not a peer outlier);
    # department 9 prints 20 in both years but has 200 staff: 0.1 per person, its peers' level.
    amounts = {2023: [2 + 0.04 * i for i in range(12)], 2024: [2.1 + 0.04 * i for i in range(12)]}
    amounts[2023][11] = amounts[2024][11] = amounts[2024][10] = 20
    amounts[2023][9] = amounts[2024][9] = 20
    staff = [200 if i == 9 else 20 for i in range(12)]
    keys = dict(
        table_id="general_budget_basic_expenditure",
        side="",
        code="30215",
        name_key="",
        column_id="total",
        name="会议费",
    )

    def robust(values):
        med = float(np.median(values))
        mad = float(np.median([abs(v - med) for v in values]))
        return med, [(v - med) / (1.4826 * mad) for v in values]

    my, peers, medians = [], [], {}
    for year, values in amounts.items():
        med, z = robust(values)
        per_person = [a / n for a, n in zip(values, staff)]
        pp_med, pp_z = robust(per_person)
        medians[year] = med
        for i, a in enumerate(values):
            my.append(
                {
                    **keys,
                    "department_key": f"R|{i}",
                    "fiscal_year": year,
                    "doc_id": f"d{i}-{year}",
                    "amount_wan": Decimal(str(a)),
                    "prev_amount_wan": None,
                    "source_line": 7,
                }
            )
            peers.append(
                {
                    **keys,
                    "doc_id": f"d{i}-{year}",
                    "peer_count": 12,
                    "median_wan": med,
                    "robust_z": z[i],
                    "basic_ratio": None,
                    "basic_ratio_median": None,
                    "basic_ratio_z": None,
                    "staff": float(staff[i]),
                    "per_person": per_person[i],
                    "per_person_median": pp_med,
                    "per_person_z": pp_z[i],
                }
            )
    multiyear = pl.DataFrame(
        my, schema_overrides={"amount_wan": pl.Decimal(20, 6), "prev_amount_wan": pl.Decimal(20, 6)}
    )
    peers = pl.DataFrame(
        peers,
        schema_overrides={
            c: pl.Float64 for c in ("basic_ratio", "basic_ratio_median", "basic_ratio_z")
        },
    )
    f = pl.concat(line_item_flags({"multiyear": multiyear, "peers": peers}, CFG)).sort("doc_id")
    assert f["doc_id"].to_list() == ["d11-2023", "d11-2024"]
    assert set(f["kind"]) == {"peer_outlier"}
    assert f"peers' median {medians[2023]:.2f}" in f["explanation"][0]
    assert "per person 1.0 vs peers'" in f["explanation"][0]


def _corpus(per_person: dict[str, tuple[float, float]], kinds: dict[str, str]):
    """multiyear / department_history / narrative figures of 30215 会议费 in 2023 and 2024 for
    departments of 100 staff each: ``per_person`` = department → (2023, 2024) 万元 per person."""
    my, hist, nf = [], [], []
    for dept, values in per_person.items():
        for year, v in zip((2023, 2024), values):
            doc = f"{dept}-{year}"
            my.append(
                {
                    "department_key": dept,
                    "doc_kind": "budget",
                    "fiscal_year": year,
                    "table_id": "general_budget_basic_expenditure",
                    "code": "30215",
                    "name": "会议费",
                    "column_id": "total",
                    "doc_id": doc,
                    "source_line": 7,
                    "amount_wan": Decimal(str(round(v * 100, 4))),
                }
            )
            hist.append({"doc_id": doc, "department_key": dept, "kind": kinds[dept]})
            nf.append({"doc_id": doc, "label": "headcount_actual", "quantity": Decimal(100)})
    return (
        {
            "multiyear": pl.DataFrame(my, schema_overrides={"amount_wan": pl.Decimal(20, 6)}),
            "department_history": pl.DataFrame(hist),
        },
        pl.DataFrame(nf, schema_overrides={"quantity": pl.Decimal(20, 6)}),
    )


def test_corpus_outlier_only_where_the_kind_is_too_small_and_the_corpus_large():
    # 22 departments of kind 教育 at 0.010, 0.011 … 0.031 万元 per person in both years; X, the
    # only 文旅局, at 0.2 in both; Y, the only 医院, at 0.2 in 2023 and 0.02 in 2024; Z, a 教育局,
    # at 0.2 in both. 2023: 25 values, median the 13th = 0.022; deviations 0 (once), 0.001 …
    # 0.006 (twice each) are the 13 smallest, so MAD = 0.006 and X's robust z = 0.178 / (1.4826
    # × 0.006) = 20.0, ×9.1. 2024: 0.020 comes twice (Y), the 13th value is 0.021. X is flagged
    # in both years (its kind has 1 department, fewer than 4); Y is not every year; Z is its
    # peers' matter (23 教育). Expected = median × 100 staff: 2.2 in 2023, 2.1 in 2024.
    from budgetwatch.detection.rules_corpus import corpus_outlier_flags

    values = {f"E{i}": (0.010 + 0.001 * i,) * 2 for i in range(22)}
    values.update(X=(0.2, 0.2), Y=(0.2, 0.02), Z=(0.2, 0.2))
    kinds = {**{d: "教育" for d in values}, "X": "文旅", "Y": "医院"}
    cmp, nf = _corpus(values, kinds)
    f = pl.concat(corpus_outlier_flags(cmp, nf, CFG)).sort("doc_id")
    assert f.select("doc_id", "subject", "expected", "actual").rows() == [
        ("X-2023", "general_budget_basic_expenditure/30215/total", "2.2", "20.0"),
        ("X-2024", "general_budget_basic_expenditure/30215/total", "2.1", "20.0"),
    ]
    assert set(f["kind"]) == {"peer_outlier"} and "robust z 20.0" in f["explanation"][0]
    # three unlike departments (a 人大办公厅 against a 检察院 and a 法院): no corpus to speak of
    cmp, nf = _corpus(
        {"X": (0.2, 0.2), "E0": (0.01, 0.01), "E1": (0.02, 0.02)},
        {"X": "人大", "E0": "检察", "E1": "法院"},
    )
    assert corpus_outlier_flags(cmp, nf, CFG) == []


def test_forests_are_saved_with_the_run_and_score_again(tmp_path, monkeypatch):
    # the project forest over 12 departments' projects: its five fold forests are the run's
    # forests — the rule judges with them, no forest is fitted again over all rows — and,
    # persisted and loaded back, they score each row as the rule did (by its department's fold)
    import joblib
    from sklearn.ensemble import IsolationForest

    from budgetwatch.contract.schema import Frames
    from budgetwatch.detection.models import (
        PROJECT_FEATURES,
        _reference_fit,
        fit_models,
        project_features,
        save_models,
    )

    docs = conform(
        pl.DataFrame(
            [
                {
                    "doc_id": f"d{d}-{y}",
                    "fiscal_year": y,
                    "department_code": f"{350 + d}",
                    "department_name": "科工局",
                }
                for d in range(12)
                for y in (2023, 2024)
            ]
        ),
        DOCUMENTS,
    )
    prj = conform(
        pl.DataFrame(
            [
                {"doc_id": f"d{d}-{y}", "project_code": f"P{i}", "budget_wan": Decimal(10 + i + d)}
                for d in range(12)
                for y in (2023, 2024)
                for i in range(3)
            ]
        ),
        PROJECTS,
    )
    frames = Frames(documents=docs, projects=prj)
    fits = []
    fit = IsolationForest.fit
    monkeypatch.setattr(
        IsolationForest, "fit", lambda self, *a, **k: fits.append(1) or fit(self, *a, **k)
    )
    models = fit_models(frames, {}, CFG)
    assert list(models) == ["model:projects"]  # no peers, no indicators: those forests have no rows
    assert len(fits) == CFG.reference.folds == len(models["model:projects"].models) == 5
    path = save_models(models, tmp_path / "run")
    assert path == tmp_path / "run" / "forests.joblib"
    back = joblib.load(path)["model:projects"]
    assert back["features"] == PROJECT_FEATURES == ["log_amount", "share", "log_change"]
    rows = project_features(prj, docs)
    x = rows.select(back["features"]).to_numpy()
    groups = rows[back["groups"]].to_numpy()
    # the rule's scores: its fold forests fitted afresh on the same rows (the same seeds)
    score, _ = _reference_fit(x, groups, CFG.forests.projects, CFG.reference)
    assert np.array_equal(back["model"].score_samples(x, groups), -score)


def test_reference_folds_and_strongest_come_from_config_validated_at_load(monkeypatch):
    import pytest

    from budgetwatch.config.settings import ConfigError, StrongestSettings
    from budgetwatch.detection.models import strongest

    assert CFG.reference.folds == 5 and CFG.strongest.top == 2
    monkeypatch.setenv("BUDGETWATCH__DETECTION__REFERENCE__FOLDS", "1")
    with pytest.raises(ConfigError, match="detection.reference.folds"):
        load_settings()
    monkeypatch.delenv("BUDGETWATCH__DETECTION__REFERENCE__FOLDS")
    monkeypatch.setenv("BUDGETWATCH__DETECTION__STRONGEST__TOP", "0")
    with pytest.raises(ConfigError, match="detection.strongest.top"):
        load_settings()
    # five rows: a at 0, 0, 0, 1, 10 (median 0, MAD 0 → spread floored at 0.5 here: the last row
    # is +20σ); b at 0, 1, 2, 3, 4 (median 2, MAD 1 → spread 1.4826: the last row +1.3σ)
    rows = pl.DataFrame({"a": [0.0, 0, 0, 1, 10], "b": [0.0, 1, 2, 3, 4]})
    one = StrongestSettings(top=1, spread_floor=0.5, min_sigma=1.0)
    assert strongest(rows, ["a", "b"], one)[4] == "a +20.0σ"
    two = StrongestSettings(top=2, spread_floor=0.5, min_sigma=1.0)
    assert strongest(rows, ["a", "b"], two)[4] == "a +20.0σ, b +1.3σ"
    assert strongest(rows, ["a", "b"], two)[2] == "none beyond 1σ"


def test_the_peers_level_leaves_the_department_itself_out():
    # one kind of four departments printing 30215 会议费 in 2023, per person 0.010, 0.019 (clean),
    # 0.320 (an outlier) and 0.108 (D: ×10 its own 0.0108, 937 staff). With D itself in it the
    # median is the midpoint of 0.019 and 0.108 = 0.0635 and D stands at ×1.7; against the three
    # others — 0.010, 0.019, 0.320: median 0.019, deviations 0.009, 0, 0.301, MAD 0.009 — D is
    # 0.108 / 0.019 = ×5.68, robust z (0.108 − 0.019) / (1.4826 × 0.009) = 6.67; its amount
    # 101.1 against the others' 0.71, 0.94, 15.0: median 0.94.
    from budgetwatch.detection.models import _without_self

    keys = dict(table_id="general_budget_basic_expenditure", side="", code="30215")
    values = {"A": (0.71, 0.010), "B": (0.94, 0.019), "C": (15.0, 0.320), "D": (101.1, 0.108)}
    rows = pl.DataFrame(
        [
            {**keys, "name_key": "", "column_id": "total", "fiscal_year": 2023, "doc_id": d}
            | {"amount": a, "per_person": pp, "basic_ratio": None}
            for d, (a, pp) in values.items()
        ],
        schema_overrides={"basic_ratio": pl.Float64},
    )
    history = pl.DataFrame(
        {"doc_id": list(values), "kind": ["农业"] * 4, "doc_kind": ["budget"] * 4}
    )
    d = _without_self(rows, history).filter(pl.col("doc_id") == "D").row(0, named=True)
    assert round(d["per_person_median"], 4) == 0.019
    assert round(d["per_person"] / d["per_person_median"], 2) == 5.68
    assert round(d["per_person_z"], 2) == 6.67
    assert d["median_wan"] == 0.94
    assert d["basic_ratio_median"] is None and d["basic_ratio_z"] is None


def test_the_fit_input_is_a_bounded_sample_the_same_in_any_order(monkeypatch):
    import pytest

    from budgetwatch.config.settings import ConfigError
    from budgetwatch.detection.models import reference_sample

    rows = np.random.default_rng(1).normal(size=(1000, 3))
    shuffled = rows[np.random.default_rng(2).permutation(1000)]
    sample = reference_sample(rows, 300)
    # at most 300 rows, each one of the input's, the same 300 in the same order whatever the
    # order the rows came in (a store read in another order fits the same forest)
    assert sample.shape == (300, 3)
    assert np.array_equal(sample, reference_sample(shuffled, 300))
    assert {tuple(r) for r in sample} <= {tuple(r) for r in rows}
    # fewer rows than the bound: all of them
    assert sorted(map(tuple, reference_sample(rows, 5000))) == sorted(map(tuple, rows))
    assert CFG.reference.max_rows == 20000
    monkeypatch.setenv("BUDGETWATCH__DETECTION__REFERENCE__MAX_ROWS", "10")
    with pytest.raises(ConfigError, match="detection.reference.max_rows"):
        load_settings()


def test_no_forest_saw_the_judged_department(monkeypatch):
    # 12 departments × 3 years: each fold of departments is judged by one forest, fitted on the
    # other folds' rows of every year — 5 fits, none of which holds a judged row
    from sklearn.ensemble import IsolationForest

    from budgetwatch.detection.models import _reference_fit

    fitted = []
    fit = IsolationForest.fit

    def spy(self, x, *args, **kwargs):
        fitted.append({tuple(r) for r in x})
        return fit(self, x, *args, **kwargs)

    monkeypatch.setattr(IsolationForest, "fit", spy)
    groups = np.repeat([f"d{i:02d}" for i in range(12)], 3)
    x = np.column_stack([np.arange(36.0), np.tile([2022.0, 2023.0, 2024.0], 12)])
    few = CFG.forests.projects.model_copy(update={"n_estimators": 5})  # which rows, not verdicts
    score, unusual = _reference_fit(x, groups, few, CFG.reference)
    assert len(fitted) == 5 and score.shape == unusual.shape == (36,)
    # departments in sorted order dealt to folds 0..4: d00, d05, d10 in fold 0, and so on;
    # each fit holds every row but its fold's (36 − 9 or 36 − 6 rows)
    folds = [[d for d in range(12) if d % 5 == f] for f in range(5)]
    for rows, fold in zip(fitted, folds):
        judged = {tuple(x[i]) for i in range(36) if int(groups[i][1:]) in fold}
        assert rows == {tuple(r) for r in x} - judged


def test_scoring_only_the_floor_s_rows_gives_their_verdicts_of_a_full_scoring():
    # 30 departments × 4 years of 3 features, 40 rows judged: a forest's score and verdict of a
    # row do not depend on which other rows are scored with it, and the fits still see every
    # row, so the judged rows get exactly the scores and verdicts of scoring everything; the
    # strongest features of a few rows, measured against every row, are theirs in a full run
    from budgetwatch.detection.models import _reference_fit, strongest

    rng = np.random.default_rng(5)
    x = rng.normal(size=(120, 3))
    x[7] = [9.0, 0.0, -8.0]  # one row far from the rest
    groups = np.repeat([f"d{i:02d}" for i in range(30)], 4)
    judge = np.zeros(120, dtype=bool)
    judge[rng.choice(120, 40, replace=False)] = True
    judge[7] = True
    few = CFG.forests.projects.model_copy(update={"n_estimators": 20})
    all_score, all_unusual = _reference_fit(x, groups, few, CFG.reference)
    score, unusual = _reference_fit(x, groups, few, CFG.reference, judge)
    assert np.array_equal(score[judge], all_score[judge])
    assert np.array_equal(unusual[judge], all_unusual[judge]) and unusual[7]
    assert np.isnan(score[~judge]).all() and not unusual[~judge].any()
    rows = pl.DataFrame(x, schema=["a", "b", "c"])
    every = strongest(rows, ["a", "b", "c"], CFG.strongest)
    some = strongest(rows[[3, 7, 50]], ["a", "b", "c"], CFG.strongest, x)
    assert some.to_list() == every.gather([3, 7, 50]).to_list()
    assert "a +" in some[1] and "c -" in some[1]  # row 7: far above in a, below in c


def test_one_count_pasted_on_every_project_is_a_pattern_the_generated_ones_are_not():
    # the independent generator's 30 departments × 2022-2024, nothing planted: each project's
    # 数量指标 asks a count and prints its own (≥3个 … ≥60个). One department prints "≥20个", a
    # count any project might print, on every project in every year: no value is odd, the
    # pattern is (all of its count values one value, where a typical document's differ)
    from budgetwatch.detection.models import _pattern_flags
    from tests.gen_alt import generate

    frames, labels = generate(5, 30, years=(2022, 2023, 2024), rate=0)
    assert labels.is_empty()
    docs = frames.documents.select("doc_id", "department_code")
    counts = (
        frames.indicators.filter(pl.col("level2") == "数量指标")
        .join(docs, on="doc_id")
        .group_by("department_code", "doc_id")
        .agg(n=pl.len())
    )
    # the department with the most projects in its leanest year (at least 5 count values)
    dept = (
        counts.group_by("department_code")
        .agg(least=pl.col("n").min())
        .sort("least", "department_code", descending=[True, False])[0, "department_code"]
    )
    pasted = counts.filter(pl.col("department_code") == dept).sort("doc_id")
    assert pasted["n"].min() >= 5
    paste = pl.col("doc_id").is_in(pasted["doc_id"].implode()) & (pl.col("level2") == "数量指标")
    ind = frames.indicators.with_columns(
        value_raw=pl.when(paste).then(pl.lit("≥20个")).otherwise("value_raw"),
        value_number=pl.when(paste)
        .then(pl.lit(20).cast(pl.Decimal(20, 6)))
        .otherwise("value_number"),
    )
    # model:indicators' pattern part alone (its row part is measured above)
    pattern = _pattern_flags(indicator_features(ind, frames.projects), frames.documents, CFG, None)
    # every document of the department, for its count values only, and no other document
    assert pattern.select("doc_id", "subject", "actual").rows() == [
        (doc, "indicators/pattern/count", "100.0%") for doc in pasted["doc_id"]
    ]
    for (n,), text in zip(pasted.select("n").rows(), pattern["explanation"]):
        assert f"{n} of the document's {n} indicators asking a count print「≥20个」" in text
        assert "fitted on other departments" in text and "modal_excess +" in text
    assert set(pattern["kind"]) == {"boilerplate_indicator"}
    # the same corpus as generated: no document's pattern stands out
    clean = indicator_features(frames.indicators, frames.projects)
    assert _pattern_flags(clean, frames.documents, CFG, None).is_empty()


BASIC = "general_budget_basic_expenditure"


def _basic_tables(lines, departments=12, years=(2021, 2022, 2023, 2024)) -> dict:
    """``comparisons`` of ``departments`` of one kind (局) printing in their 基本支出表 the
    合计 of ``lines(i, year)`` ({code: (name, 万元)}) in each of ``years``, with last year's."""
    keys = dict(table_id=BASIC, side="", name_key="", column_id="total")
    my, peers, hist = [], [], []
    for i in range(departments):
        for year in years:
            doc = f"d{i}-{year}"
            hist.append({"doc_id": doc, "department_key": f"R|{i}", "kind": "局", "doc_kind": "b"})
            before = lines(i, year - 1)
            for code, (name, value) in lines(i, year).items():
                my.append(
                    {
                        **keys,
                        "code": code,
                        "name": name,
                        "department_key": f"R|{i}",
                        "fiscal_year": year,
                        "doc_id": doc,
                        "amount_wan": Decimal(value),
                        "prev_amount_wan": None if year == years[0] else Decimal(before[code][1]),
                        "source_line": 9,
                    }
                )
                peers.append(
                    {**keys, "code": code, "doc_id": doc}
                    | dict.fromkeys(PEER_COLUMNS, None)
                    | {"peer_count": departments, "median_wan": 56.0}
                )
    money = {"amount_wan": pl.Decimal(20, 6), "prev_amount_wan": pl.Decimal(20, 6)}
    return {
        "multiyear": pl.DataFrame(my, schema_overrides=money),
        "peers": pl.DataFrame(peers, schema_overrides=dict.fromkeys(PEER_COLUMNS, pl.Float64)),
        "department_history": pl.DataFrame(hist),
    }


def _share_moves(lines, code, department, year=2024, departments=12):
    """(the line's share of 基本支出 over its median share in the department's other years; the
    median of the same move of the other departments' line that year), from ``lines``."""

    def share(i, y):
        table = lines(i, y)
        return table[code][1] / sum(value for _, value in table.values())

    def move(i):
        own = np.median([share(i, y) for y in (2021, 2022, 2023, 2024) if y != year])
        return share(i, year) / own

    peers = np.median([math.log(move(j)) for j in range(departments) if j != department])
    return move(department), math.exp(peers)


def test_a_line_whose_share_jumps_against_its_own_years_and_its_peers_is_flagged():
    # 12 departments of one kind × 2021-2024 print in their 基本支出表 30101 基本工资 900 and 30201
    # 办公费 50 + i + (i + year) mod 3: 30201's share of 基本支出 is a / (900 + a), moving by a few
    # ‰ from year to year. Department 3 prints 153 in 2024 (×2.7 against last year, below
    # yoy_line's ×3): against the median of its own other years' shares, and beyond the median
    # move of its 11 peers' same line that year, worked out below. Department 7 prints 106 in
    # every year: ×2 its peers, steady, no move.
    def office(i, year):
        return 153 if (i, year) == (3, 2024) else 106 if i == 7 else 50 + i + (i + year) % 3

    def lines(i, year):
        return {"30101": ("基本工资", 900), "30201": ("办公费", office(i, year))}

    def share(i, year):
        return office(i, year) / (900 + office(i, year))

    def own(i, year):  # the median share of the department's other years
        return float(np.median([share(i, y) for y in range(2021, 2025) if y != year]))

    ratio, peers_move = _share_moves(lines, "30201", 3)
    assert ratio >= 2 and ratio / peers_move >= 2  # beyond the floor's ×1.5 both ways
    f = pl.concat(line_item_flags(_basic_tables(lines), CFG))
    assert f.select("doc_id", "subject", "kind", "expected", "actual").rows() == [
        (
            "d3-2024",
            "general_budget_basic_expenditure/30201/share",
            "yoy_change",
            f"{round(own(3, 2024) * 100, 2)}%",
            f"{round(share(3, 2024) * 100, 2)}%",
        )
    ]
    text = f["explanation"][0]
    assert (
        f"153.0 万元 is {round(share(3, 2024) * 100, 2)}% of the department's 基本支出 1053.0"
        in text
    )
    assert (
        f"its median share in its other years {round(own(3, 2024) * 100, 2)}% (×{round(ratio, 2)})"
        in text
    )
    assert (
        f"peers moved ×{round(peers_move, 2)} this year, so ×{round(ratio / peers_move, 2)} beyond"
        in text
    )
    # 30201 (153 + 1) / (office(3, 2023) = 50 + 3 + 2026 mod 3 = 54, + 1) = ×2.8 against last
    # year, its document's only other line 900 → 900: ×1.0
    assert "54.0 last year (×2.8; the document's other lines ×1.0)" in text
    assert "strongest: " in text and "change_beyond_doc +" in text and "forest score" in text


def test_the_share_forest_clears_lines_that_move_with_their_document(monkeypatch):
    # 12 departments of one kind × 2021-2024, 基本支出表: 30101 基本工资 900, 30201 办公费
    # 50 + i + (i + year) mod 3, 30202 印刷费 20 + (i + year) mod 2, 30205 水费 10 + i mod 3,
    # 30207 邮电费 15. Department 3 prints 30201 at 95 in 2024 (its other lines as ever): its
    # share ×1.7 its own years' (worked out below), under round 12's ×2 floor. Department 5
    # prints 30101 at 300 in 2024 (a restructured budget): each 302 line, its amount as ever,
    # now ×2.5 its usual share of a smaller 基本支出 — past the share floor, but it moved with
    # the document's other 302 lines, so the forest, fitted on moves beyond the document's,
    # finds it ordinary. With every row the floor keeps called unusual (the forest's verdict
    # taken away), department 5's four 302 lines are flagged too.
    def lines(i, year):
        office = 95 if (i, year) == (3, 2024) else 50 + i + (i + year) % 3
        return {
            "30101": ("基本工资", 300 if (i, year) == (5, 2024) else 900),
            "30201": ("办公费", office),
            "30202": ("印刷费", 20 + (i + year) % 2),
            "30205": ("水费", 10 + i % 3),
            "30207": ("邮电费", 15),
        }

    ratio, peers_move = _share_moves(lines, "30201", 3)
    assert 1.5 <= ratio < 2 and ratio / peers_move >= 1.5
    for code in ("30201", "30202", "30205", "30207"):  # department 5's lines pass the floor
        ratio5, peers5 = _share_moves(lines, code, 5)
        assert ratio5 >= 2 and ratio5 / peers5 >= 2
    comparisons = _basic_tables(lines)
    f = pl.concat(line_item_flags(comparisons, CFG))
    assert f.select("doc_id", "subject").rows() == [("d3-2024", f"{BASIC}/30201/share")]

    from budgetwatch.detection import models

    def every(x, groups, cfg, reference, judge=None, fitted=None):
        return np.zeros(len(x)), judge.copy()

    monkeypatch.setattr(models, "_reference_fit", every)
    floor = pl.concat(line_item_flags(comparisons, CFG)).sort("doc_id", "subject")
    assert floor.select("doc_id", "subject").rows() == [("d3-2024", f"{BASIC}/30201/share")] + [
        ("d5-2024", f"{BASIC}/{code}/share") for code in ("30201", "30202", "30205", "30207")
    ]


def test_a_line_s_base_is_the_decimal_sum_of_its_table_s_rows():
    # 基本支出表 30101 0.10 and 30201 0.20 万元: their 基本支出 is 0.30 exactly. Summed as
    # floats it would be 0.30000000000000004, and a float sum's last bits vary with the order a
    # parallel group_by adds in, so three calls once gave three sets of share-forest scores.
    from budgetwatch.detection.models import line_item_features

    keys = dict(
        table_id="general_budget_basic_expenditure", side="", name_key="", column_id="total"
    )
    my = [
        {
            **keys,
            "code": code,
            "name": name,
            "department_key": "R|1",
            "fiscal_year": 2024,
            "doc_id": "d1",
            "amount_wan": Decimal(value),
            "prev_amount_wan": None,
            "source_line": 9,
        }
        for code, name, value in (("30101", "基本工资", "0.10"), ("30201", "办公费", "0.20"))
    ]
    peers = [
        {**keys, "code": row["code"], "doc_id": "d1"}
        | dict.fromkeys(PEER_COLUMNS, None)
        | {"peer_count": 12, "median_wan": 0.2}
        for row in my
    ]
    money = {"amount_wan": pl.Decimal(20, 6), "prev_amount_wan": pl.Decimal(20, 6)}
    comparisons = {
        "multiyear": pl.DataFrame(my, schema_overrides=money),
        "peers": pl.DataFrame(peers, schema_overrides=dict.fromkeys(PEER_COLUMNS, pl.Float64)),
        "department_history": pl.DataFrame(
            [{"doc_id": "d1", "department_key": "R|1", "kind": "局", "doc_kind": "b"}]
        ),
    }
    rows = line_item_features(comparisons, [keys["table_id"]], ["301", "302"], [], 0.0, 10.0)
    assert rows["basic_total"].to_list() == [0.3, 0.3]


def test_the_pattern_floor_is_relative_to_what_the_typical_document_leaves():
    # 20 departments × 3 years, 6 rates each: the typical document prints "≥95%" on 4 of its
    # rates and two others, so its commonest rate covers 4/6; department 00 prints "≥95%" on
    # all 6. It stands 1 − 4/6 = 1/3 above the typical (under the old absolute step of 0.5)
    # and covers all of the 2/6 the typical document leaves (1/3 ÷ 1/3 = 1 ≥ 0.75): flagged.
    # Its counts: the typical document prints 4 counts, its commonest on 1 (all differ);
    # department 01 prints one count on 3 of its 4: 3/4 − 1/4 = 0.5 above (the old step
    # flagged it), but 0.5 ÷ 0.75 = 2/3 of what the typical leaves, under 0.75: not flagged
    from budgetwatch.detection.models import _pattern_flags

    assert CFG.rules.of("model:indicators").min_pattern_excess == 0.75
    docs, rows = [], []
    for d in range(20):
        for y in (2022, 2023, 2024):
            doc = f"d{d:02d}-{y}"
            docs.append(
                {"doc_id": doc, "fiscal_year": y, "department_code": f"{d:03d}", "region": "X"}
            )
            rates = (
                ["≥95%"] * 6 if d == 0 else ["≥95%"] * 4 + [f"≥{80 + d % 7}%", f"≥{70 + y % 9}%"]
            )
            counts = [f"{3 + d + i}个" for i in range(4)]
            if d == 1:
                counts = ["12个"] * 3 + ["5个"]
            rows += _asked_values(doc, rates, counts)
    documents = conform(pl.DataFrame(docs), DOCUMENTS)
    pattern = _pattern_flags(pl.DataFrame(rows), documents, CFG, None)
    assert pattern.select("doc_id", "subject", "actual", "expected").rows() == [
        (f"d00-{y}", "indicators/pattern/rate", "100.0%", "66.7%") for y in (2022, 2023, 2024)
    ]
    text = pattern["explanation"][0]
    assert "6 of the document's 6 indicators asking a rate print「≥95%」" in text
    assert "so 100.0% of the rest" in text


def test_an_increment_scores_with_the_kept_forests_and_fits_none(monkeypatch):
    # the indicator forest rule's fold forests and its pattern forest's (fit_folds) are fitted
    # as the rule judges a row of their fold, once: a later call scoring with them (a driver
    # keeps them between runs) gives the same flags as fitting afresh and fits not one forest
    from sklearn.ensemble import IsolationForest

    from budgetwatch.detection.models import fit_folds, indicator_flags
    from tests.gen_alt import generate

    frames, _ = generate(5, 12, years=(2023, 2024), rate=0)
    feats = indicator_features(frames.indicators, frames.projects)
    kept = fit_folds(feats, INDICATOR_FEATURES, "model:indicators", CFG, frames.documents)
    assert len(kept.models) == len(kept.second.models) == CFG.reference.folds
    fresh = indicator_flags(frames.indicators, frames.projects, frames.documents, CFG, feats)
    first = indicator_flags(
        frames.indicators, frames.projects, frames.documents, CFG, feats, {"fitted": kept}
    )
    fits = []
    fit = IsolationForest.fit
    monkeypatch.setattr(
        IsolationForest, "fit", lambda self, *a, **k: fits.append(1) or fit(self, *a, **k)
    )
    again = indicator_flags(
        frames.indicators, frames.projects, frames.documents, CFG, feats, {"fitted": kept}
    )
    assert fits == []
    assert sum(part.height for part in fresh) > 0
    assert len(again) == len(first) == len(fresh)
    for got, was, want in zip(again, first, fresh):
        assert got.equals(want) and was.equals(want)


def test_a_fold_whose_rows_no_floor_keeps_is_never_fitted(monkeypatch):
    # 10 departments in 5 folds (sorted, dealt in turn: d0 and d5 in fold 0, …); only d1's rows
    # are judged, so one forest is fitted (fold 1's, on the other 8 departments' rows), and it
    # is the forest an eager fit of every fold makes for that fold: the same scores
    from sklearn.ensemble import IsolationForest

    from budgetwatch.detection.models import _reference_fit, fold_forests

    rng = np.random.default_rng(3)
    x = rng.normal(size=(40, 2))
    groups = np.array([f"d{i % 10}" for i in range(40)])
    judge = groups == "d1"
    fits = []
    fit = IsolationForest.fit
    monkeypatch.setattr(
        IsolationForest, "fit", lambda self, *a, **k: fits.append(len(a[0])) or fit(self, *a, **k)
    )
    lazy = fold_forests(x, groups, CFG.forests.projects, CFG.reference, lazy=True)
    score, _ = _reference_fit(x, groups, CFG.forests.projects, CFG.reference, judge, lazy)
    assert fits == [32]  # one fit, on the 8 departments of the other folds (4 rows each)
    assert [m is None for m in lazy.models] == [True, False, True, True, True]
    assert np.isnan(score[~judge]).all()
    eager = fold_forests(x, groups, CFG.forests.projects, CFG.reference)
    assert len(fits) == 1 + 5
    want, _ = _reference_fit(x, groups, CFG.forests.projects, CFG.reference, judge, eager)
    assert np.array_equal(score[judge], want[judge])
    # persisted and scored again without a config: the rows of the folds never fitted are NaN
    again = lazy.score_samples(x, groups)
    fold = np.isin(groups, ["d1", "d6"])
    assert np.array_equal(again[judge], -want[judge])
    assert np.isfinite(again[fold]).all() and np.isnan(again[~fold]).all()


def test_a_pasted_rate_stands_out_where_counts_spread_more_than_rates():
    # 30 departments × 2021-2024. Rates: the typical document prints "≥95%" on 5 of its 6 rates
    # and "≥90%" once (its commonest on 5/6); department 00 prints "≥95%" on all 6: 1/6 above
    # the typical, all of the 1/6 it leaves (1/6 ÷ 1/6 = 1). Counts: 4 each, all different,
    # but departments 1, 2, 4, 6, 11, 12, … (d mod 10 in 1, 2, 4, 6; 12 of 30) print one count
    # on 2 of their 4 (2/4 − 1/4 = 1/4 above, 1/3 of the 3/4 left) and department 03 on 3 (2/3
    # of it). As differences from the typical, department 00's rates (1/6 above) sat inside
    # the counts' spread (1/4) and the forest fitted on both kinds found them ordinary; as
    # shares of what the typical document leaves, they are 1, beyond every other document
    from budgetwatch.detection.models import _pattern_flags

    docs, rows = [], []
    for d in range(30):
        for y in (2021, 2022, 2023, 2024):
            doc = f"d{d:02d}-{y}"
            docs.append(
                {"doc_id": doc, "fiscal_year": y, "department_code": f"{d:03d}", "region": "X"}
            )
            rates = ["≥95%"] * 6 if d == 0 else ["≥95%"] * 5 + ["≥90%"]
            same = 3 if d == 3 else 2 if d % 10 in (1, 2, 4, 6) else 1
            counts = [f"{3 + d}个"] * same + [f"{3 + d + i}个" for i in range(same, 4)]
            rows += _asked_values(doc, rates, counts)
    documents = conform(pl.DataFrame(docs), DOCUMENTS)
    pattern = _pattern_flags(pl.DataFrame(rows), documents, CFG, None)
    assert pattern.select("doc_id", "subject", "actual", "expected").rows() == [
        (f"d00-{y}", "indicators/pattern/rate", "100.0%", "83.3%") for y in range(2021, 2025)
    ]
