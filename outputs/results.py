"""``run_results.json``: what a run did, for cron and scripts (`summary --json` prints the same).

Written at the end of every run, completed or not, to ``<outputs_dir>/<run_id>/`` and, as the
latest, to ``<data_dir>/run_results.json``. Times are in the configured time zone
(schedule.timezone), as ISO 8601 with their offset.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

RESULTS_NAME = "run_results.json"


def in_zone(iso: str | None, tz: str) -> str | None:
    """An ISO time (as runs record it, UTC) in the zone ``tz``, to the second."""
    if not iso:
        return None
    return datetime.fromisoformat(iso).astimezone(ZoneInfo(tz)).isoformat(timespec="seconds")


def shown_time(iso: str | None, tz: str) -> str:
    """``2026-12-03 14:01:16 Asia/Shanghai``: what the terminal shows."""
    local = in_zone(iso, tz)
    return f"{local[:10]} {local[11:19]} {tz}" if local else "an unknown time"


def run_results(meta: dict, tz: str) -> dict:
    """The run metadata (runs/<run_id>.json) as cron needs it: documents of this run by
    status, new and resolved flags, durations and errors."""
    detection = meta.get("detection", {})
    started, finished = meta.get("started_at"), meta.get("finished_at")
    durations = dict(meta.get("seconds", {}))
    if started and finished:
        durations["total"] = round(
            (datetime.fromisoformat(finished) - datetime.fromisoformat(started)).total_seconds(), 3
        )
    documents = meta.get("documents", {})
    errors = ([{"error": meta["error"]}] if meta.get("error") else []) + [
        {"source_file": d["source_file"], "status": d["status"], "error": d["reason"]}
        for d in documents.get("held_back", [])
    ]
    return {
        "run_id": meta.get("run_id"),
        "kind": meta.get("kind"),
        "status": meta.get("status"),
        "timezone": tz,
        "started_at": in_zone(started, tz),
        "finished_at": in_zone(finished, tz),
        "input_dir": meta.get("input_dir"),
        "data_dir": meta.get("data_dir"),
        "files": {
            "seen": meta.get("files_seen", 0),
            "parsed": len(meta.get("files_parsed", [])),
            "unchanged": meta.get("files_unchanged", 0),
            "ignored": len(meta.get("ignored", [])),
            "duplicates": len(meta.get("duplicates", [])),
        },
        "documents": documents.get("by_status", {}),
        "store_documents": meta.get("store_documents", {}),
        "flags": detection.get("flags_by_severity", {}),
        "new_flags": detection.get("new_flags", {"by_severity": {}, "ids": []}),
        "resolved_flags": detection.get(
            "resolved_flags", {"count": 0, "by_severity": {}, "ids": []}
        ),
        "durations_seconds": durations,
        "errors": errors,
    }


def results_json(meta: dict, tz: str) -> str:
    return json.dumps(run_results(meta, tz), ensure_ascii=False, indent=2)


def write_results(meta: dict, tz: str) -> None:
    text = results_json(meta, tz)
    for folder in (meta.get("run_dir"), meta.get("data_dir")):
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
            (Path(folder) / RESULTS_NAME).write_text(text + "\n", encoding="utf-8")
