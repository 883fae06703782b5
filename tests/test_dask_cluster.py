"""The parse on a Dask cluster (docs/pipeline.md, "Running on a Dask cluster").

A real ``dask.distributed.LocalCluster`` — two worker processes, loopback only, no dashboard
— parses a small demo-like corpus (the demo's generator and seed, 4 departments × 2023-2024:
7 files, the generator leaving 2024/赵县-350.txt to the real sample: 8 documents, enough for
batches, peers and years) through Prefect's DaskTaskRunner; the store it leaves, table by
table, and its flag ids are those of a local run, which parses in its own process (the local
pool of worker processes is test_run_safety's and test_bench_regression's; two
more spawned here cost about 4 s of CPU in imports and prove nothing of the cluster). The local
run is also the check that a generated corpus loads as the generator wrote it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl
import pytest

from budgetwatch import flows  # noqa: F401  (telemetry off before prefect)
from budgetwatch.store import Store
from tests.helpers import FEW_TREES, assert_same_tables, flow_run

pytestmark = pytest.mark.slow  # two runs of 8 documents and a cluster
# 8 files → 4 batches; the two runs are compared, not the forests' verdicts
BATCH = {"BUDGETWATCH__PIPELINE__BATCH_SIZE": "2", **FEW_TREES}


@pytest.fixture(scope="module")
def cluster():
    from distributed import LocalCluster

    # processes: what a worker receives is pickled, as on other machines; the dashboard on a
    # free loopback port
    with LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address="127.0.0.1:0",
        protocol="tcp",
    ) as local:
        yield local


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    """The input folder; the generator's truth is beside it (``../truth``)."""
    from budgetwatch.synth import generate_corpus
    from budgetwatch.synth.demo import DEMO_PARAMS, SAMPLE, SAMPLE_TARGET

    base = tmp_path_factory.mktemp("dask")
    years = [2023, 2024]
    generate_corpus(base, 4, years, DEMO_PARAMS["seed"], DEMO_PARAMS["anomaly_rate"])
    (base / "docs" / SAMPLE_TARGET).parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SAMPLE, base / "docs" / SAMPLE_TARGET)
    return base / "docs"


def _run(demo: Path, store: Path, env: dict | None = None, **kw) -> dict:
    return flow_run(demo, store, store.parent / "outputs", {**BATCH, **(env or {})}, **kw)


@pytest.fixture(scope="module")
def local(demo, prefect_server) -> dict:
    """The run in this process (the reference of the cluster run)."""
    return _run(demo, demo.parent / "local", env={"BUDGETWATCH__PIPELINE__WORKERS": "1"})


def _computed(dask_scheduler) -> dict[str, int]:
    """Task prefix → how many of its tasks the scheduler saw finish (run on the scheduler:
    a prefix counts every entry into a state, so "memory" once per task computed)."""
    return {
        name: prefix.state_counts["memory"] for name, prefix in dask_scheduler.task_prefixes.items()
    }


def test_a_cluster_run_gives_the_local_runs_store_and_flags(demo, local, cluster, prefect_server):
    from distributed import Client

    on_cluster = _run(demo, demo.parent / "cluster", cluster=cluster.scheduler_address)
    assert local["status"] == on_cluster["status"] == "completed"
    assert on_cluster["batches"] == local["batches"] == 4
    with Client(cluster.scheduler_address) as client:
        done = client.run_on_scheduler(_computed)
    # the four parse tasks ran on the cluster's workers
    assert sum(n for name, n in done.items() if "parse" in name) == 4, done
    a, b = Store(demo.parent / "local"), Store(demo.parent / "cluster")
    assert_same_tables(a, b)
    assert a.read("flags").height  # flag ids to compare
    assert sorted(a.read("flags")["flag_id"]) == sorted(b.read("flags")["flag_id"])
    files = {p.relative_to(demo).as_posix() for p in demo.rglob("*") if p.is_file()}
    assert set(b.manifest()["source_file"]) == files and len(files) == 8


def test_a_generated_corpus_loads_as_the_generator_wrote_it(demo, local):
    """The generator's truth says what each file is (moved here from tests/test_flows.py,
    whose run of a generated corpus of its own this local run replaces)."""
    from budgetwatch.synth.demo import SAMPLE_TARGET

    assert local["status"] == "completed"
    truth = pl.read_parquet(demo.parent / "truth" / "documents.parquet")
    docs = Store(demo.parent / "local").read("documents")
    sample = docs.filter(pl.col("source_file") == SAMPLE_TARGET)
    assert sample["status"].to_list() == ["loaded"]
    docs = docs.join(sample, on="doc_id", how="anti")
    key = ["doc_id", "source_file", "fiscal_year", "department_code"]
    # every generated file is in the store under its own id; the loaded ones with the year
    # and department the generator wrote (a broken file may lack them: quarantined/rejected)
    assert sorted(docs["doc_id"]) == sorted(truth["doc_id"])
    loaded = docs.filter(pl.col("status") == "loaded").select(key).sort("doc_id")
    assert loaded.height > 0
    assert loaded.equals(
        truth.select(key)
        .cast(loaded.schema)
        .join(loaded.select("doc_id"), on="doc_id", how="semi")
        .sort("doc_id")
    )


def _cli_run(demo: Path, store: Path, cluster: str):
    """`budgetwatch run --cluster ADDRESS` in this process."""
    from typer.testing import CliRunner

    from budgetwatch.cli.main import app

    args = ["run", "--input", str(demo), "--data-dir", str(store), "--cluster", cluster]
    return CliRunner().invoke(app, args)


def test_a_cluster_that_does_not_answer_is_one_line(demo, tmp_path, prefect_server):
    import dask

    from budgetwatch.flows.children import _free_port

    port = _free_port()  # nothing listens there
    with dask.config.set({"distributed.comm.timeouts.connect": "2s"}):
        out = _cli_run(demo, tmp_path / "store", f"tcp://127.0.0.1:{port}")
    assert out.exit_code == 1, out.output
    assert f"no Dask scheduler answers at tcp://127.0.0.1:{port}" in out.output
    assert len(out.output.strip().splitlines()) == 1


def test_a_cluster_address_that_is_not_one_is_refused_at_start(demo, tmp_path):
    out = _cli_run(demo, tmp_path / "store", "http://host")
    assert out.exit_code == 2 and "pipeline.cluster" in out.output
