"""`budgetwatch review`: confirm, dismiss or annotate a flag; list the open ones.

Decisions go to the store's append-only ``reviews.parquet`` (store/reviews.py) with who,
when and why. A dismissed flag is no longer listed by `summary` (only counted) while its id
stays the same; a confirmed one stays listed, marked, run after run.
"""

from __future__ import annotations

from pathlib import Path

import typer

from budgetwatch.cli.cmd_pipeline import (
    DATA_DIR_HELP,
    _console,
    _fail,
    _settings,
    _store_dir,
)


def _user() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name (a container without passwd entry)
        return "unknown"


def _list(store, everything: bool, top: int) -> None:
    import polars as pl

    from budgetwatch.outputs.summary import flag_states, flags_table, top_flags

    flags = flag_states(store.read("flags"), store.reviews(), store.read("flag_runs"), None)
    shown = flags if everything else flags.filter(pl.col("review_state") == "open")
    what = "flags" if everything else "open flags (not confirmed or dismissed)"
    leaders = top_flags(shown, top)
    _console().print(
        flags_table(
            leaders,
            documents=store.read("documents"),
            title=(
                f"{leaders.height} of {shown.height} {what}, one per cause; "
                "`budgetwatch review FLAG_ID --confirm|--dismiss --note WHY` decides"
            ),
        )
    )


def register(app: typer.Typer) -> None:
    @app.command("review")
    def review(
        flag_id: str = typer.Argument(None, help="A flag id from `budgetwatch summary`."),
        confirm: bool = typer.Option(
            False, "--confirm", help="The flag is right: keep it listed, marked confirmed."
        ),
        dismiss: bool = typer.Option(
            False,
            "--dismiss",
            help="The flag is wrong or accepted: stop listing it (still counted).",
        ),
        note: str = typer.Option(None, "--note", help="Why; alone, a remark that decides nothing."),
        by: str = typer.Option(None, "--by", help="Who decides (default: the login name)."),
        list_open: bool = typer.Option(False, "--list", help="List the open flags."),
        everything: bool = typer.Option(
            False, "--all", help="With --list: every flag, with its state."
        ),
        top: int = typer.Option(50, "--top", min=1, help="Flags to list, at least 1."),
        data_dir: Path = typer.Option(None, "--data-dir", help=DATA_DIR_HELP),
    ) -> None:
        """Record a decision on a flag (who, when, why; never overwritten), or list the
        flags still open."""
        from datetime import datetime
        from zoneinfo import ZoneInfo

        import polars as pl

        from budgetwatch.store import Store, StoreError

        settings = _settings(data_dir=data_dir)
        store = Store(_store_dir(settings, data_dir))
        if not store.exists():
            _fail(f"{store.root}: no store here yet; run `budgetwatch run` first")
        if list_open or everything:
            _list(store, everything, top)
            return
        if flag_id is None:
            _fail("give a FLAG_ID with --confirm, --dismiss or --note, or --list", code=2)
        if confirm and dismiss:
            _fail("--confirm or --dismiss, not both", code=2)
        if not (confirm or dismiss or note):
            _fail('say what: --confirm, --dismiss or --note "…"', code=2)
        try:
            ids = store.read("flags")["flag_id"]
        except StoreError as exc:
            _fail(str(exc))
        if flag_id not in ids:
            near = ids.filter(ids.str.starts_with(flag_id[:6])).head(5).to_list()
            _fail(
                f"no flag {flag_id!r} in {store.root}"
                + (
                    f"; did you mean {', '.join(near)}"
                    if near
                    else " (flag ids are listed by `budgetwatch summary`)"
                ),
                code=2,
            )
        state = "confirmed" if confirm else "dismissed" if dismiss else "note"
        when = datetime.now(ZoneInfo(settings.schedule.timezone)).isoformat(timespec="seconds")
        who = by or _user()
        try:
            store.append_review(flag_id, state, note, who, when)
        except StoreError as exc:
            _fail(str(exc))
        n = store.reviews().filter(pl.col("flag_id") == flag_id).height
        _console().print(
            f"{flag_id}: {state} by {who} at {when}"
            + (f" ({note})" if note else "")
            + f"; {n} review(s) of this flag"
        )
