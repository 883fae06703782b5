"""Helpers the test modules share (test modules import from here, never from each other):
the sample and edited copies of it, a parsed sample, stores built without Prefect, the folder of
hostile inputs, the companion split of the sample, and the real PDFs of ../shared/real parsed
once per session."""

from __future__ import annotations

import codecs
import contextlib
import fcntl
import hashlib
import os
import pickle
import re
import signal
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable, Iterator
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import polars as pl

from budgetwatch.config.settings import Forests, load_settings
from budgetwatch.contract.schema import Frames, conform
from budgetwatch.contract.stored import RESIDUALS
from budgetwatch.store import DERIVED_TABLES, DOC_TABLES, Store
from tests.pdf_builders import make_pdf

# The real 2024 county budget the project started from, shipped as the demo's package data.
SAMPLE_PATH = Path(__file__).resolve().parents[1] / "synth" / "data" / "000_e9dd90ecd9c1084d.txt"


@lru_cache(maxsize=1)
def sample_text() -> str:
    return SAMPLE_PATH.read_text(encoding="utf-8")


def variant(year: int, code: str) -> str:
    """The sample re-dated to ``year`` (its 2023 references to year − 1) for department
    ``code`` (the page headers print "350 赵县…")."""
    text = sample_text().replace("2023", "\x00").replace("2024", str(year))
    text = text.replace("\x00", str(year - 1))
    return re.sub(r"(?m)^350 ", f"{code} ", text)


def write(root: Path, rel: str, text: str | bytes) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


@lru_cache(maxsize=1)
def _parsed_sample():
    from budgetwatch.transforms.reader import read_disclosure

    res = read_disclosure(SAMPLE_PATH.read_bytes(), SAMPLE_PATH.name)
    assert res.error is None
    return res.frames


def parsed_sample():
    """The sample's Frames as the reader reads it (parsed once per session; a new Frames
    each call, so a test that replaces one of its frames affects no other)."""
    return Frames(**dict(_parsed_sample().items()))


def sample_flags() -> pl.DataFrame:
    """The sample's flags (parse → residuals → comparisons → detect, default settings), made
    once per session: test_real_sample_flags and test_flag_columns each made the same."""

    def make() -> pl.DataFrame:
        from budgetwatch.comparison import build_comparisons
        from budgetwatch.detection import detect
        from budgetwatch.expectations.residuals import compute_residuals

        settings, frames = load_settings(), parsed_sample()
        residuals = compute_residuals(frames, settings)
        return detect(frames, residuals, build_comparisons(frames, settings), settings)

    return made_once("sample-flags", make)


def tree_hashes(d: Path) -> dict[str, str]:
    """sha256 of every file under ``d``, by relative path."""
    return {
        p.relative_to(d).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(d.rglob("*"))
        if p.is_file()
    }


def analysed_store(input_root: Path, data_dir: Path, settings, result=None) -> Path:
    """A store as a run leaves it (tables, derived tables, run metadata), built with the
    flow's plain functions and no Prefect server: for tests of the views over a store.
    ``result``: the ``analyze`` of ``input_root`` if the test has it already."""
    from budgetwatch.flows.core import analyze
    from budgetwatch.sources.discover import inspect_files

    paths = sorted(p for p in input_root.rglob("*") if p.is_file())
    result = result or analyze(paths, input_root, settings)
    files = inspect_files(paths, input_root)
    store = Store(data_dir)
    store.commit_batch(
        result.frames,
        result.residuals,
        pl.DataFrame(
            {"source_file": [f.source_file for f in files], "sha256": [f.sha256 for f in files]}
        ),
    )
    store.write_derived({**result.comparisons, "flags": result.flags})
    store.write_run(
        {
            "run_id": "20240101T000000Z-test",
            "kind": "run",
            "status": "completed",
            "input_dir": str(input_root),
            "files_seen": len(files),
            "files_parsed": [f.source_file for f in files],
            "files_unchanged": 0,
        }
    )
    return data_dir


# The bound of a wait that only a hang exceeds, never a slow machine: waits poll, so a large
# bound costs nothing (at load 25-40 on the two cores a `budgetwatch run` process here took
# minutes; a 60-s bound on the lock of test_run_safety's last run could fail so)
HANG = 900


# Forests of 10 trees instead of 100, as environment variables, for the runs of tests that
# compare two runs' stores or check a run's record, never a forest's verdict: the forests are
# about half of a small run's analysis (a run that parses 8 documents: about 2 s of its 5 s).
# Every forest of the config, so that a new one is included (the pattern and share forests of
# round 6 were not: an analysis of two documents took 2.9 s of CPU with them at 100 trees, 1.6
# with every forest at 10)
FEW_TREES = {
    f"BUDGETWATCH__DETECTION__FORESTS__{name.upper()}__N_ESTIMATORS": "10"
    for name in Forests.model_fields
}


def flow_run(input_dir: Path, data_dir: Path, outputs_dir: Path, env=None, **kw) -> dict:
    """``budgetwatch_run`` (on the session's Prefect server: use the ``prefect_server``
    fixture) with the environment variables ``env`` set for it alone; returns its metadata.
    For module fixtures, which cannot use ``monkeypatch``."""
    import pytest

    from budgetwatch.flows.pipeline import budgetwatch_run

    mp = pytest.MonkeyPatch()
    for key, value in (env or {}).items():
        mp.setenv(key, value)
    try:
        return budgetwatch_run(
            input_dir=str(input_dir), data_dir=str(data_dir), outputs_dir=str(outputs_dir), **kw
        )
    finally:
        mp.undo()


def run_args(input_dir: Path, data_dir: Path, outputs_dir: Path, top: int) -> list[str]:
    """The arguments of ``budgetwatch run`` on these folders, printing the top ``top`` flags."""
    return [
        "run",
        "--input",
        str(input_dir),
        "--data-dir",
        str(data_dir),
        "--outputs-dir",
        str(outputs_dir),
        "--top",
        str(top),
    ]


def residual_rows(*rows: tuple) -> pl.DataFrame:
    """Gate residual rows (contract.stored.RESIDUALS) from (check_id, kind, subject,
    expected, actual, passed, source_line) tuples; residual = actual − expected."""
    return conform(
        pl.DataFrame(
            [
                {
                    "doc_id": "a",
                    "check_id": c,
                    "kind": k,
                    "subject": subj,
                    "expected": Decimal(e),
                    "actual": Decimal(a),
                    "residual": Decimal(a) - Decimal(e),
                    "passed": ok,
                    "source_line": line,
                    "explanation": subj,
                }
                for c, k, subj, e, a, ok, line in rows
            ]
        ),
        RESIDUALS,
    )


# ---- the real PDFs (tests marked `real`; they skip where ../shared/real is absent) ---------
REAL = Path(__file__).resolve().parents[2] / "shared" / "real"


def real_path(prefix: str) -> Path:
    """The real PDF whose name starts with ``prefix`` ("007")."""
    return next(REAL.glob(f"{prefix}_*.pdf"))


# the real sample's 13 绩效目标表 预算数 (万元), read by hand from lines 699 … 955
SAMPLE_PROJECT_BUDGETS = tuple(
    Decimal(b)
    for b in (
        "76.68",
        "70.00",
        "2.00",
        "144.34",
        "1.70",
        "17.00",
        "1.10",
        "26.30",
        "59.50",
        "500.00",
        "7.01",
        "45.70",
        "32.30",
    )
)

_PARSED: dict[tuple[str, ...], object] = {}
# the session's folder, shared by pytest-xdist's workers (tests/conftest.py makes it before the
# workers start and removes it at the end): parse results, stores built once, the Prefect server
PARSE_CACHE_ENV = "BUDGETWATCH_TEST_PARSE_CACHE"
CONTROLLER_ENV = "BUDGETWATCH_TEST_CONTROLLER"  # pid of the process that runs the session


@contextlib.contextmanager
def session_lock(name: str, wait: bool = True) -> Iterator[Path | None]:
    """While inside, this process alone holds ``name`` in the session's folder (the others
    wait); yields the folder, or None outside a session (nothing shared then) and, with
    ``wait=False``, where another process holds it."""
    folder = os.environ.get(PARSE_CACHE_ENV)
    if not folder:
        yield None
        return
    with open(Path(folder) / f"{name}.lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            yield None
            return
        yield Path(folder)


def read_memo(data: bytes, source_file: str, region: str = "", max_sheet_cells: int | None = None):
    """``read_disclosure``, each input read once per test session (keyed by the bytes' hash,
    name, region and cell limit): the real PDFs are the slow part of the real tier, and five
    modules read them. The result is shared: a test replaces a frame, never changes one in
    place."""
    key = _memo_key(data, source_file, region, max_sheet_cells)
    if key not in _PARSED:
        _PARSED[key] = _read_shared(key, data)
    return _PARSED[key]


def _memo_key(data: bytes, source_file: str, region: str, max_sheet_cells: int | None):
    # the reader's own default spelled out: the pipeline (``analyze``) passes the configured
    # limit, a test's ``read_real`` none, and both must find the other's result (keyed apart,
    # every real PDF was parsed twice a session)
    from budgetwatch.transforms.workbook_grid import MAX_CELLS

    cells = str(MAX_CELLS if max_sheet_cells is None else max_sheet_cells)
    return (hashlib.sha256(data).hexdigest(), source_file, region, cells)


def _read_shared(key: tuple[str, ...], data: bytes, wait: bool = True):
    """Read once for all the session's workers: the first to want a file parses it while the
    others wait on its lock, then they load the pickled result. Only this session's parser
    wrote the folder, so a result is never stale. ``wait=False``: None at once if another
    worker is parsing it now."""
    from budgetwatch.transforms.reader import read_disclosure

    def parse():
        return read_disclosure(data, key[1], key[2], int(key[3]))

    name = hashlib.sha256("\x00".join(key).encode()).hexdigest()
    with session_lock(name, wait) as folder:
        if folder is None:
            return parse() if os.environ.get(PARSE_CACHE_ENV) is None else None
        return _pickled(folder / f"{name}.pickle", parse)


def _pickled(path: Path, make: Callable[[], object]):
    """``path``'s pickled object, or what ``make`` returns, pickled there (under the caller's
    session lock: written whole, then renamed)."""
    if path.exists():
        return pickle.loads(path.read_bytes())
    made = make()
    partial = path.with_suffix(".partial")
    partial.write_bytes(pickle.dumps(made, protocol=pickle.HIGHEST_PROTOCOL))
    partial.replace(path)
    return made


def read_all(paths: list[Path], root: Path) -> None:
    """Every file of ``paths`` into the memo (as ``read_memo`` of its path under ``root``),
    the parsing split with any other worker reading the same files now: a file another
    worker is parsing is left for last, when its result is there to load. (Each reading a
    folder in the same order, two workers went in step: one parsed, the other waited.)"""
    busy = []
    for path in paths:
        data, source_file = path.read_bytes(), path.relative_to(root).as_posix()
        key = _memo_key(data, source_file, "", None)
        if key not in _PARSED:
            result = _read_shared(key, data, wait=False)
            if result is None:
                busy.append((data, source_file))
            else:
                _PARSED[key] = result
    for data, source_file in busy:  # parsed by the other worker by now, or being parsed
        read_memo(data, source_file)


_MADE: dict[str, object] = {}


def made_once(name: str, make: Callable[[], object]):
    """What ``make`` returns (an analysis of a real folder, the sample's flags), made once per
    session for every module and worker that asks by ``name``: the first to ask makes it while
    the others wait on its lock, then load it pickled. Kept in memory too; readers only (a test
    replaces a frame, never changes one in place). Outside a session: made once per process."""
    if name not in _MADE:
        with session_lock(f"made-{name}") as folder:
            _MADE[name] = _pickled(folder / f"made-{name}.pickle", make) if folder else make()
    return _MADE[name]


def built_once(name: str, build: Callable[[Path], None], scratch: Path) -> Path:
    """A folder ``build`` fills, built once per session for all the workers (the first to
    want it builds it while the others wait); outside a session, under ``scratch``. Readers
    only: a test that changes what is in it copies it first."""
    with session_lock(f"built-{name}") as folder:
        target = (folder or scratch) / f"built-{name}"
        if not (target / ".done").exists():
            build(target)
            (target / ".done").touch()
        return target


# ---- the session's Prefect server (tests/conftest.py ``prefect_server``) -------------------
# Started by the first worker that needs it, for every worker: its own session and process
# group, with a watchdog that stops it when the session's controller is gone; the controller
# stops it at the end (``stop_prefect_server``).
_WATCHDOG = """
import os, subprocess, sys, time
controller, command = int(sys.argv[1]), sys.argv[2:]
server = subprocess.Popen(command)
def alive(pid):
    try:
        os.kill(pid, 0)
        return True
    except OSError:
        return False
while server.poll() is None and alive(controller):
    time.sleep(1)
server.terminate()
server.wait()
"""


def shared_prefect_server(timeout: float = HANG) -> str:
    """The API URL of the session's one Prefect server, started here if no worker has yet.
    The first worker starts it and waits, under the session's lock, until it answers; the
    others wait on the lock, then find it answering."""
    with session_lock("prefect") as shared:
        if shared is None:
            raise RuntimeError(f"no session folder ({PARSE_CACHE_ENV}): run under pytest")
        url_file = _server_folder() / "prefect.url"
        if not url_file.exists():
            url_file.parent.mkdir(parents=True, exist_ok=True)
            url_file.write_text(_start_shared_server(url_file.parent, timeout))
        return url_file.read_text()


_SERVER_ATTEMPTS = 3  # a free port can be taken by another process before the server binds it


def _start_shared_server(folder: Path, timeout: float) -> str:
    """Start the server (under its watchdog) on a free loopback port and wait until it
    answers; a port taken meanwhile (eight sessions share this machine) is tried again on
    another, as ``flows.children`` does for a run's own server. ``timeout`` bounds a hang
    only: the wait polls."""
    from budgetwatch.flows.children import _SERVER_ENV, _free_port, healthy

    home = folder / "prefect-home"
    home.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    server = [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1"]
    said = ""
    for _ in range(_SERVER_ATTEMPTS):
        port = _free_port()
        url = f"http://127.0.0.1:{port}/api"
        with open(folder / "prefect.log", "wb") as log:
            process = subprocess.Popen(
                [sys.executable, "-c", _WATCHDOG, os.environ[CONTROLLER_ENV], *server]
                + ["--port", str(port), "--log-level", "ERROR"],
                env={**env, **_SERVER_ENV, "PREFECT_HOME": str(home)},
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        (folder / "prefect.pid").write_text(str(process.pid))
        end = time.monotonic() + timeout
        while process.poll() is None:
            if healthy(url):
                return url
            if time.monotonic() > end:
                break
            time.sleep(0.5)
        said = (folder / "prefect.log").read_text(errors="replace")[-2000:]
        if process.poll() is None or "already in use" not in said:
            break  # a hang, or a failure another port will not cure
    raise RuntimeError(f"the session's Prefect server did not answer on {url}: {said}")


def _server_folder() -> Path:
    """This session's (its controller's): a session folder given from outside may outlive it."""
    return Path(os.environ[PARSE_CACHE_ENV]) / f"prefect-{os.environ[CONTROLLER_ENV]}"


def stop_prefect_server() -> None:
    """End the session's Prefect server (its watchdog's process group), if one was started."""
    pid = _server_folder() / "prefect.pid"
    if pid.exists():
        with contextlib.suppress(ProcessLookupError):
            os.killpg(int(pid.read_text()), signal.SIGTERM)


def read_real(name: str):
    """ParseResult of the real file ``name`` of ../shared/real, read once per session."""
    return read_memo((REAL / name).read_bytes(), name)


# ---- hostile inputs (tests/test_hostile_inputs.py; the runs of tests/test_run_safety.py) ---
ODD_NAMES = (
    "odd/report[final].txt",
    "odd/[bold red]x[/bold red]报告.txt",
    "odd/line\nbreak.txt",
    "odd/..\\..\\evil.txt",
)
# file → (fiscal year, department code) of the good documents besides the generated ones
GOOD = {
    "2024/赵县-901.txt": (2024, "901"),
    "2023/赵县-901.txt": (2023, "901"),
    "enc/gbk-902.txt": (2022, "902"),
    "enc/utf16-903.txt": (2022, "903"),
    "html/赵县-912.txt": (2024, "912"),
    "versions/赵县-901-v2.txt": (2024, "901"),  # a second, different 2024 document of 901
    "dir.txt/inside-908.txt": (2024, "908"),  # below a directory named like a text file
    **{name: (2024, str(904 + i)) for i, name in enumerate(ODD_NAMES)},
}
# file → words its rejection reason must contain
REJECTED = {
    "bad/empty.txt": "empty file",
    "bad/binary.txt": "binary content",
    "bad/big5.txt": "Big5",
    "bad/prose.txt": "not a budget disclosure",
    "bad/huge.txt": "over the limit of 50,000,000 (limits.max_file_bytes)",
    "bad/scan.pdf": "PDF without a text layer",
    "bad/locked.pdf": "encrypted PDF",
    "bad/broken.zip": "not a valid zip file",
    # workbooks are read (issue 22): a damaged one is rejected with why
    "bad/broken.xlsx": "not a valid office file (a damaged or truncated ZIP archive)",
    "bad/tables.xlsx": "damaged xlsx workbook",
    "bad/disclosures.zip": "a ZIP archive of 1 file(s), 1 of them PDF, text or office",
    "bad/fifo.txt": "not a regular file",
    "bad/loop.txt": "Too many levels of symbolic links",
    "odd/escape.txt": "outside the input folder",
}
TRUNCATED = "bad/truncated-909.txt"  # loaded by the reader with an error finding
DUPLICATE = ("copies/赵县-901-copy.txt", "2024/赵县-901.txt")
IGNORED = ["bad/dirloop", "notes.md"]  # a directory symlink is not followed


def locked_pdf() -> bytes:
    """A one-page PDF that needs a password (the standard security handler, revision 2)."""
    return make_pdf(
        [{"texts": [(100, 100, 12, "abc")]}],
        encrypt=(
            b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P -4 >>" % (b"00" * 32, b"11" * 32)
        ),
    )


def build_hostile(base: Path) -> Path:
    """The mixed folder under ``base/input``; returns it. ``base/outside.txt`` is the target
    of the escaping symlink."""
    root = base / "input"
    from budgetwatch import synth

    synth.generate_corpus(base / "generated", departments=2, years=[2023, 2024], seed=5)
    for path in sorted((base / "generated" / "docs").rglob("*.txt")):
        write(
            root,
            f"generated/{path.relative_to(base / 'generated' / 'docs').as_posix()}",
            path.read_bytes(),
        )
    write(root, "2024/赵县-901.txt", variant(2024, "901"))
    write(root, "2023/赵县-901.txt", variant(2023, "901"))
    write(root, "enc/gbk-902.txt", variant(2022, "902").encode("gbk"))
    write(root, "enc/utf16-903.txt", variant(2022, "903").encode("utf-16"))
    html = variant(2024, "912").replace(
        "一、部门职责", "<script>alert('x')</script>[/]一、部门职责", 1
    )
    write(root, "html/赵县-912.txt", html)
    # another version of 901's 2024 document: one 项 amount (line 190) printed differently
    write(root, "versions/赵县-901-v2.txt", variant(2024, "901").replace("70.00", "71.00", 1))
    write(root, "dir.txt/inside-908.txt", variant(2024, "908"))
    for i, name in enumerate(ODD_NAMES):
        write(root, name, variant(2024, str(904 + i)))
    write(root, DUPLICATE[0], variant(2024, "901"))
    lines = variant(2024, "909").splitlines(keepends=True)
    write(root, TRUNCATED, "".join(lines[:300]))  # stops inside the 财政拨款收支总表

    write(root, "bad/empty.txt", b"")
    write(root, "bad/binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    write(root, "bad/big5.txt", "部門預算公開說明：收入總計與支出總計。\n".encode("big5") * 30)
    write(root, "bad/prose.txt", "今天天气很好。\n这是一份会议纪要，不是预算公开文件。\n")
    with open(root / "bad/prose.txt", "rb") as fh:
        assert fh.read(3) != codecs.BOM_UTF8
    with open(root / "bad" / "huge.txt", "wb") as fh:  # sparse: 60 MB that take no disk
        fh.truncate(60_000_000)
    write(root, "bad/scan.pdf", make_pdf([{"image": True}]))
    write(root, "bad/locked.pdf", locked_pdf())
    write(root, "bad/broken.zip", b"PK\x03\x04" + b"\x00" * 40)
    write(root, "bad/broken.xlsx", b"PK\x03\x04\x14\x00truncated")
    with zipfile.ZipFile(root / "bad" / "tables.xlsx", "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
    with zipfile.ZipFile(root / "bad" / "disclosures.zip", "w") as zf:
        zf.writestr("赵县-910.txt", variant(2024, "910"))
    os.mkfifo(root / "bad" / "fifo.txt")
    (root / "bad" / "loop.txt").symlink_to("loop.txt")
    (root / "bad" / "dirloop").symlink_to(".", target_is_directory=True)
    write(base, "outside.txt", variant(2024, "911"))
    (root / "odd" / "escape.txt").symlink_to(Path("..") / ".." / "outside.txt")
    write(root, "notes.md", "# what is in this folder\n")
    return root


# ---- companion files ----------------------------------------------------------------------
# The sample: lines 1-31 table of contents, 32-483 the nine tables, then the narrative and
# the projects' 绩效目标表.
TABLES_END = 483


def split_sample(text: str) -> tuple[bytes, bytes]:
    """(narrative file, tables file) of one disclosure, as Jiangsu 2019 publishes them; the
    tables file ends with a closing note (else its last table would read as cut off)."""
    lines = text.split("\n")
    tables = [*lines[:TABLES_END], "", "说明：以上为本部门预算公开表。"]
    return "\n".join(lines[TABLES_END:]).encode(), "\n".join(tables).encode()


# ---- stores ------------------------------------------------------------------------------
def commit(store: Store, root: Path, rels: list[str], quarantined: frozenset[str] = frozenset()):
    """Parse and commit files; doc_ids in ``quarantined`` are held back as the gate would."""
    from budgetwatch.flows.core import parse_files
    from budgetwatch.sources.discover import inspect_files

    files = inspect_files([root / r for r in rels], root)
    frames = parse_files(files, "", load_settings().limits)
    held = pl.col("doc_id").is_in(list(quarantined))
    frames.documents = frames.documents.with_columns(
        status=pl.when(held).then(pl.lit("quarantined")).otherwise(pl.col("status")),
        status_reason=pl.when(held)
        .then(pl.lit("B4 test reason"))
        .otherwise(pl.col("status_reason")),
    )
    sources = pl.DataFrame(
        {"source_file": [f.source_file for f in files], "sha256": [f.sha256 for f in files]}
    )
    store.commit_batch(frames, pl.DataFrame(schema=RESIDUALS), sources)
    return files, frames


def tables(store: Store) -> dict[str, pl.DataFrame]:
    """The tables the inputs determine; flag_runs names runs (as runs/*.json do)."""
    return {
        name: store.read(name) for name in [*DOC_TABLES, *DERIVED_TABLES] if name != "flag_runs"
    }


def assert_same_tables(a: Store, b: Store) -> None:
    ta, tb = tables(a), tables(b)
    for name in ta:
        assert ta[name].equals(tb[name], null_equal=True), name
    assert a.manifest().equals(b.manifest())
