"""The forests' ablation (issue 18 item 5), one command:

    .venv/bin/python benchmarks/bench_forests.py [--corpus SPEC ...] [--cache DIR]

SPEC: ``synth:SEED`` (budgetwatch synth, 50 departments × 2019-2023, rate 0.25, read back by
the pipeline's readers), ``alt:SEED`` (tests/gen_alt.py, 84 departments × 2020-2024, rate
0.33, its frames gated), either with ``+plant`` (``alt:11+plant``: synth/planted.py's pasted
rates, share jumps and 302 mixes planted into the gated frames, three departments each), or ``real:FOLDER`` (the tuning half of a folder of real documents,
``benchmarks/real_split.py``; ``real:FOLDER:held`` its held half). Default: ``synth:53
alt:11``, the held seeds of docs/rules.md. Each corpus is read, gated and compared once and
cached under ``--cache`` (default /tmp/bench_forests).

Then detection twice on the same input: with the forests, and with the floors alone (every
forest's verdict replaced by "every row its floor keeps is unusual"). Printed per forest part
(model:line_items' peer outliers and share across years, model:projects, model:indicators'
rows and pattern per kind, model:composition's 302 / 301 and mix of 302): flags with the forests and with the floors
alone, each with how many are true by label (the evaluation's matching rule,
detection/evaluate.py), and the labels a model part finds that no rule flag does (what the
forests add beyond the rules). Every corpus's flags are written to the cache; a real folder has
no labels: its counts are printed, and its model flags written apart for reading against the
pages.

``--against FILE ...`` (a config file merged over the defaults, e.g. fewer trees): instead of the
ablation, detection with the defaults and with each file, its CPU, the flags each loses or
gains, and whether the model flags come in the same order (what a cheaper forest must leave as
it is; docs/rules.md "Issue 18, round 13 … forests").
"""

from __future__ import annotations

import argparse
import pickle
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import polars as pl

ROOT = Path(__file__).resolve().parents[1]
PARTS = {  # a model flag's part: (rule, subject pattern), the first that matches
    "line_items: peer": ("model:line_items", r"/total$"),
    "line_items: share": ("model:line_items", r"/share$"),
    "projects": ("model:projects", r""),
    "indicators: pattern": ("model:indicators", r"^indicators/pattern/"),
    "indicators: rows": ("model:indicators", r""),
    "composition: mix": ("model:composition", r"/mix$"),
    "composition: 302/301": ("model:composition", r""),
}


def _part() -> pl.Expr:
    out = pl.lit(None, pl.String)
    for name, (rule, pattern) in reversed(PARTS.items()):
        hit = (pl.col("rule_or_model") == rule) & pl.col("subject").str.contains(pattern)
        out = pl.when(hit).then(pl.lit(name)).otherwise(out)
    return out


def _capture(paths: list[Path], root: Path, settings) -> dict:
    """Frames, residuals and comparisons of ``paths`` read by the pipeline (detection left out)."""
    import budgetwatch.detection as det
    from budgetwatch.contract.schema import FLAGS
    from budgetwatch.flows.core import analyze

    got: dict = {}

    def keep(frames, residuals, comparisons, settings):
        got.update(frames=frames, residuals=residuals, comparisons=comparisons)
        return pl.DataFrame(schema=FLAGS)

    real, det.detect = det.detect, keep
    try:
        analyze(paths, root, settings)
    finally:
        det.detect = real
    return got


def build(spec: str, cache: Path, settings) -> tuple[dict, pl.DataFrame | None]:
    """(detection's input, labels or None) of one corpus, cached."""
    kind, _, arg = spec.partition(":")
    arg, planted, _ = arg.partition("+plant")
    path = cache / (spec.replace("/", "_").replace(":", "-").replace("+", "_") + ".pkl")
    if path.exists():
        return pickle.loads(path.read_bytes())
    if planted:  # the patterns only a forest should see, planted into the gated frames
        from budgetwatch.comparison import build_comparisons
        from budgetwatch.synth.planted import plant

        got, labels = build(spec.removesuffix("+plant"), cache, settings)
        frames, labels = plant(got["frames"], labels, int(arg))
        got |= {"frames": frames, "comparisons": build_comparisons(frames, settings)}
        path.write_bytes(pickle.dumps((got, labels)))
        return got, labels
    if kind == "synth":
        out = cache / f"synth{arg}"
        exe = Path(sys.executable).parent / "budgetwatch"
        subprocess.run(
            [exe, "synth", "--out", out, "--departments", "50", "--years", "2019-2023"]
            + ["--seed", arg, "--anomaly-rate", "0.25"],
            check=True,
            capture_output=True,
        )
        got = _capture(sorted((out / "docs").rglob("*.txt")), out / "docs", settings)
        labels = pl.read_parquet(out / "truth" / "anomalies.parquet")
    elif kind == "alt":
        from budgetwatch.comparison import build_comparisons
        from budgetwatch.flows.analysis import loaded
        from budgetwatch.flows.core import gate

        sys.path.insert(0, str(ROOT))
        from tests.gen_alt import generate

        frames, labels = generate(int(arg), 84, rate=0.33)
        gated = gate(frames, settings)
        fr = loaded(gated.frames)
        keep = gated.residuals["doc_id"].is_in(fr.documents["doc_id"].implode())
        got = {
            "frames": fr,
            "residuals": gated.residuals.filter(keep),
            "comparisons": build_comparisons(fr, settings),
        }
    elif kind == "real":
        sys.path.insert(0, str(ROOT / "benchmarks"))
        from real_split import split

        folder, _, side = arg.partition(":")
        sides = split(Path(folder))
        paths = [Path(folder) / n for n, s in sorted(sides.items()) if s == (side or "tuning")]
        got, labels = _capture(paths, Path(folder), settings), None
    else:
        raise SystemExit(f"unknown corpus {spec!r}: synth:SEED, alt:SEED or real:FOLDER")
    path.write_bytes(pickle.dumps((got, labels)))
    return got, labels


def detect_flags(got: dict, settings, floors_alone: bool) -> pl.DataFrame:
    from budgetwatch.detection import composition, detect, models

    real = models._reference_fit

    def every(x, groups, cfg, reference, judge=None, fitted=None):
        keep = np.ones(len(x), dtype=bool) if judge is None else judge
        return np.zeros(len(x)), keep.copy()

    if floors_alone:
        models._reference_fit = composition._reference_fit = every
    try:
        return detect(got["frames"], got["residuals"], got["comparisons"], settings)
    finally:
        models._reference_fit = composition._reference_fit = real


def ablation(spec: str, cache: Path) -> None:
    from budgetwatch.config.settings import load_settings
    from budgetwatch.detection import evaluate as ev

    settings = load_settings()
    got, labels = build(spec, cache, settings)
    docs = got["frames"].documents
    t = time.process_time()
    flags = detect_flags(got, settings, False)
    cpu = time.process_time() - t
    alone = detect_flags(got, settings, True)
    print(f"== {spec}: {docs.height} documents, {flags.height} flags, detect {cpu:.1f} CPU s")
    flags.write_parquet(cache / (spec.replace("/", "_").replace(":", "-") + "_flags.parquet"))
    if labels is None:
        for name, f in (("forests", flags), ("floors alone", alone)):
            n = f.with_columns(part=_part()).drop_nulls("part").group_by("part").len()
            print(f"{name}: model flags by part", sorted(n.rows()))
        model = flags.filter(pl.col("rule_or_model").str.starts_with("model:"))
        out = cache / (spec.replace("/", "_").replace(":", "-") + "_model_flags.parquet")
        model.with_columns(part=_part()).write_parquet(out)
        print("model flags written to", out)
        return
    report = ev.score(flags, labels, docs)
    print(
        "labels",
        labels.height,
        "recall",
        report.per_kind.select("kind", "injected", "found").rows(),
    )
    print(f"precision@k {report.precision_at_k:.3f} (k = {report.top_k}); clean documents alarmed "
          f"{report.clean_flagged} / {report.clean_documents}", report.clean_by_rule.rows())  # fmt: skip
    floors = ev.score(alone, labels, docs)
    print(f"floors alone: clean documents alarmed {floors.clean_flagged} / "
          f"{floors.clean_documents}", floors.clean_by_rule.rows())  # fmt: skip
    print(
        f"{'part':22} {'forests: n (true)':>18} {'floors alone: n (true)':>24} {'only a model finds':>20}"
    )
    for name, f in (("forests", flags), ("floors", alone)):
        pairs = ev._pairs(f, labels).join(f.select("flag_id", part=_part()), on="flag_id")
        rule_found = set(pairs.filter(pl.col("part").is_null())["label_id"])
        true = f.with_columns(
            part=_part(), true=pl.col("flag_id").is_in(pairs["flag_id"].implode())
        )
        counts = true.drop_nulls("part").group_by("part").agg(n=pl.len(), true=pl.col("true").sum())
        beyond = (
            pairs.drop_nulls("part")
            .group_by("part")
            .agg(
                only=pl.col("label_id")
                .filter(~pl.col("label_id").is_in(list(rule_found)))
                .n_unique()
            )
        )
        if name == "forests":
            first = {p: (n, t) for p, n, t in counts.rows()}
            only = dict(beyond.rows())
            continue
        second = {p: (n, t) for p, n, t in counts.rows()}
    for part in PARTS:
        n, t = first.get(part, (0, 0))
        n2, t2 = second.get(part, (0, 0))
        print(f"{part:22} {f'{n} ({t})':>18} {f'{n2} ({t2})':>24} {only.get(part, 0):>20}")


def against(spec: str, cache: Path, configs: list[Path]) -> None:
    """Detection with the defaults and with each of ``configs``: CPU, flags lost and gained
    (rule, document, subject), and whether the model flags come in the same order."""
    from budgetwatch.config.settings import load_settings

    key = ["rule_or_model", "doc_id", "subject"]
    got, _ = build(spec, cache, load_settings())
    runs = {}
    for name, settings in [("defaults", load_settings())] + [
        (c, load_settings(c)) for c in configs
    ]:
        t = time.process_time()
        flags = detect_flags(got, settings, False)
        runs[name] = (flags, time.process_time() - t)
    base = runs["defaults"][0]
    model = pl.col("rule_or_model").str.starts_with("model:")
    for name, (flags, cpu) in runs.items():
        lost = base.join(flags, on=key, how="anti").select(key).rows()
        new = flags.join(base, on=key, how="anti").select(key).rows()
        order = base.filter(model).select(key).rows() == flags.filter(model).select(key).rows()
        print(f"== {spec} {name}: detect {cpu:.2f} CPU s, {flags.height} flags, lost {len(lost)} "
              f"{lost[:5]}, gained {len(new)} {new[:5]}, model flags in the same order {order}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", nargs="+", default=["synth:53", "alt:11"])
    parser.add_argument("--cache", type=Path, default=Path("/tmp/bench_forests"))
    parser.add_argument("--against", type=Path, nargs="+", default=[])
    args = parser.parse_args()
    args.cache.mkdir(parents=True, exist_ok=True)
    for spec in args.corpus:
        if args.against:
            against(spec, args.cache, args.against)
        else:
            ablation(spec, args.cache)


if __name__ == "__main__":
    main()
