"""A run's record without Prefect: its id, what it must parse, its metadata and end.

Importing Prefect and starting its server take most of a run over an unchanged corpus, so
the CLI asks ``unchanged`` first (here, no Prefect): when no file needs parsing and the
store's flags were built by the same parser and settings, ``record_unchanged`` records the
run at once and keeps the flags; otherwise the flow (flows/pipeline.py) runs.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
from datetime import datetime, timezone

import polars as pl

from budgetwatch.config.settings import Settings
from budgetwatch.outputs.results import write_results
from budgetwatch.sources.discover import Discovery, InputFile, split_duplicates
from budgetwatch.store import Store, StoreError, hold
from budgetwatch.transforms.version import PARSER_VERSION


def new_run_id() -> str:
    # sortable by start time; the random suffix separates runs started in the same second
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(3)


def needs_parse(files: list[InputFile], manifest: pl.DataFrame, force: bool) -> list[InputFile]:
    """Files whose bytes or parser version differ from the manifest (all of them if forced)."""
    if force:
        return list(files)
    seen = {
        (r[0], r[1])
        for r in manifest.filter(pl.col("parser_version") == PARSER_VERSION)
        .select("source_file", "sha256")
        .iter_rows()
    }
    return [f for f in files if (f.source_file, f.sha256) not in seen]


def analysis_key(settings: Settings) -> str:
    """What the derived tables depend on besides the stored documents: the parser version
    and every setting except where files live, where the parse runs and when runs are
    scheduled."""
    dump = settings.model_dump(mode="json")
    for key in ("input_dir", "data_dir", "outputs_dir", "cluster"):
        dump["pipeline"].pop(key, None)
    dump.pop("schedule", None)
    text = json.dumps([PARSER_VERSION, dump], sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def start_meta(
    store: Store,
    settings: Settings,
    run_id: str,
    kind: str,
    force: bool,
    files: list[InputFile],
    todo: list[InputFile],
    duplicates,
    ignored: list[str],
    abandoned: list[str],
) -> dict:
    return {
        "run_id": run_id,
        "kind": kind,
        "status": "running",
        "force": force,
        "started_at": datetime.now(timezone.utc).isoformat(),
        "pid": os.getpid(),
        "input_dir": str(settings.resolve(settings.pipeline.input_dir)),
        "data_dir": str(store.root),
        "run_dir": str(settings.resolve(settings.pipeline.outputs_dir) / run_id),
        "parser_version": PARSER_VERSION,
        "analysis_key": analysis_key(settings),
        "files_seen": len(files),
        "files_parsed": [f.source_file for f in todo],
        "files_unchanged": len(files) - len(todo),
        "batches": 0,
        "duplicates": [{"source_file": d, "same_bytes_as": o} for d, o in duplicates],
        "ignored": ignored,
        "runs_found_killed": abandoned,
    }


def run_documents(store: Store, files: list[str]) -> dict:
    """The documents of the files a run parsed: how many by status, and each one held back
    with its reason (a file the run did not get to commit is not counted)."""
    mine = store.manifest().filter(pl.col("source_file").is_in(files))
    held = (
        store.read("quarantine")
        .join(mine.select("doc_id").unique(), on="doc_id", how="semi")
        .sort("source_file")
    )
    return {
        "by_status": dict(sorted(mine.unique("doc_id").group_by("status").len().iter_rows())),
        "held_back": held.select("source_file", "status", "reason").to_dicts(),
    }


def finish(store: Store, meta: dict, settings: Settings) -> None:
    """Record a run's end (status set by the caller): counts, run metadata, run_results.json.
    A full or read-only disk must not hide the error that stopped the run."""
    meta["finished_at"] = datetime.now(timezone.utc).isoformat()
    with contextlib.suppress(StoreError):
        docs = store.read("documents")
        meta["store_documents"] = dict(sorted(docs.group_by("status").len().iter_rows()))
        meta["documents"] = run_documents(store, meta["files_parsed"])
    with contextlib.suppress(StoreError):
        store.finish_run(meta)
    with contextlib.suppress(OSError):
        write_results(meta, settings.schedule.timezone)


def _last_completed(store: Store) -> dict | None:
    done = [r for r in store.runs() if r.get("status") == "completed"]
    return done[-1] if done else None


def unchanged(found: Discovery, settings: Settings, force: bool) -> bool:
    """True when a run would parse nothing and rebuild the same flags: every file is in the
    manifest with its bytes and parser version, the last run completed (a stopped one may
    have committed documents its flags do not reflect) and used the same settings
    (``analysis_key``)."""
    store = Store(settings.resolve(settings.pipeline.data_dir))
    if force or not store.exists():
        return False
    files, _ = split_duplicates(found.files)
    runs = store.runs()
    return (
        bool(runs)
        and runs[-1].get("status") == "completed"
        and runs[-1].get("analysis_key") == analysis_key(settings)
        and not needs_parse(files, store.manifest(), force)
    )


def record_unchanged(
    found: Discovery, settings: Settings, run_id: str | None = None, kind: str = "run"
) -> dict:
    """Record a run that found nothing to parse: the flags and comparisons of the last
    completed run stand (nothing new, nothing resolved)."""
    store = Store(settings.resolve(settings.pipeline.data_dir))
    run_id = run_id or new_run_id()
    with hold(store.root, run_id):
        abandoned = store.close_abandoned_runs(run_id)
        files, duplicates = split_duplicates(found.files)
        meta = start_meta(
            store, settings, run_id, kind, False, files, [], duplicates, found.ignored, abandoned
        )
        last = _last_completed(store) or {}
        flags = store.read("flags")
        meta["detection"] = {
            **last.get("detection", {}),
            "flags": flags.height,
            "flags_by_severity": dict(sorted(flags.group_by("severity").len().iter_rows())),
            "new_flags": {"by_severity": {}, "ids": []},
            "resolved_flags": {"count": 0, "by_severity": {}, "ids": []},
            "reused_from": last.get("run_id"),
        }
        meta["status"] = "completed"
        finish(store, meta, settings)
    return meta
