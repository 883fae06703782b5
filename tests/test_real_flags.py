"""Warning-or-above flags on the real PDFs of ../shared/real, each reviewed by hand: it stays
only if it is a true problem, recorded with its reason in ``tests/real_reviews.py``; the test
fails when a flag appears that nobody reviewed. The Jiangsu PDFs (three provincial departments
× 2017-2019) are also analysed alone, where comparisons across years and peers are checked."""

from __future__ import annotations

import importlib
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import polars as pl
import pytest

from budgetwatch.config.settings import load_settings
from budgetwatch.detection.certainty import DOUBT_KINDS, READS_PROJECTS
from budgetwatch.flows.analysis import compare_and_detect
from budgetwatch.flows.core import analyze
from tests.helpers import REAL, made_once
from tests.real_reviews import UNVERIFIED_FALSE, UNVERIFIED_FIXED, UNVERIFIED_TRUE
from tests.real_reviews_more import OPEN_FALSE  # false alarms whose class is not fixed here

REAL_MORE = REAL.parent / "real_more" / "pdf"
PDF_SPLIT = Path("/work/notes/pdf_split.tsv")  # benchmarks/real_split.py's list of real_more/pdf
JIANGSU = r"^0[1-4]\d_js_.*\.pdf$"  # 019-025 and 038-040


def _reviews() -> tuple[dict, dict]:
    """REVIEWED and NOT_LOADED of every tests/real_reviews*.py merged (branches record their
    reviews in files of their own with the same format: INTERFACES §7)."""
    reviewed: dict = {}
    not_loaded: dict = {}
    for path in sorted(Path(__file__).parent.glob("real_reviews*.py")):
        module = importlib.import_module(f"tests.{path.stem}")
        reviewed |= getattr(module, "REVIEWED", {})
        not_loaded |= getattr(module, "NOT_LOADED", {})
    return reviewed, not_loaded


REVIEWED, NOT_LOADED = _reviews()
pytestmark = [
    pytest.mark.real,
    pytest.mark.skipif(not REAL.is_dir(), reason="../shared/real is absent"),
]


@pytest.fixture(scope="module")
def jiangsu(every_real) -> SimpleNamespace:
    """The Jiangsu PDFs (three provincial departments × 2017-2019) analysed alone: comparison
    and detection over their documents only (their own peers and years). Their parse, companion
    joins and gate are the folder's analysis's: each of those judges a document by itself (the
    021/022 pair joins by its own identity), so the folder is not analysed a second time."""
    alone = pl.col("source_files").list.eval(pl.element().str.contains(JIANGSU)).list.all()
    ids = every_real.frames.documents.filter(alone)["doc_id"]
    frames = every_real.frames.filter_docs(ids)
    residuals = every_real.residuals.filter(pl.col("doc_id").is_in(ids.implode()))
    _, flags = compare_and_detect(frames, residuals, load_settings())
    return SimpleNamespace(frames=frames, flags=flags)


@pytest.fixture(scope="module")
def flags(jiangsu) -> pl.DataFrame:
    return jiangsu.flags


@pytest.fixture(scope="module")
def every_real(real_parsed):
    """All the real PDFs analysed together, as an office would load a folder of them (once per
    session: tests.helpers.made_once)."""
    return made_once(
        "every-real", lambda: analyze(sorted(REAL.glob("*.pdf")), REAL, load_settings())
    )


def test_every_alarm_is_a_reviewed_true_problem(every_real):
    raised = every_real.flags.filter(pl.col("severity").is_in(["critical", "warning"]))
    got = set(raised.select("source_file", "rule_or_model", "subject").iter_rows())
    # an alarm is what an auditor acts on: a verified flag. One that could not be verified is
    # listed apart (its table was not read whole) and is never critical.
    alarms = raised.filter(pl.col("verified"))
    assert (
        set(alarms.select("source_file", "rule_or_model", "subject").iter_rows()) - set(REVIEWED)
        == set()
    ), "alarms nobody reviewed"
    assert raised.filter(~pl.col("verified") & (pl.col("severity") == "critical")).is_empty()
    # reviews of other folders' files (real_reviews_dz.py's workbooks) are checked where they run
    here = {p.name for p in REAL.glob("*.pdf")}
    assert {k for k in REVIEWED if k[0] in here} - got == set(), (
        "reviewed true problems no longer found"
    )


def _every_warning_is_read(flags: pl.DataFrame, names: set[str]) -> None:
    """Issue 18 item 6: every warning+ flag — "could not verify" ones too — read against its
    page; a false one (the reader's) is never an alarm."""
    raised = flags.filter(pl.col("severity").is_in(["critical", "warning"]))
    key = pl.struct("source_file", "rule_or_model", "subject")
    unverified = set(raised.filter(~pl.col("verified")).select(key.struct.unnest()).iter_rows())
    read = set(REVIEWED) | set(OPEN_FALSE) | set(UNVERIFIED_TRUE) | set(UNVERIFIED_FALSE)
    assert unverified - read == set(), "warnings nobody read"
    here = {k for k in [*UNVERIFIED_TRUE, *UNVERIFIED_FALSE] if k[0] in names}
    assert here - unverified == set(), "a reviewed unverified flag is gone or now verified"
    got = set(raised.select(key.struct.unnest()).iter_rows())
    assert got & set(UNVERIFIED_FIXED) == set(), "a false flag whose rule was fixed is back"


def test_every_real_warning_is_read(every_real):
    _every_warning_is_read(every_real.flags, {p.name for p in REAL.glob("*.pdf")})


def test_every_real_disclosure_loads(every_real):
    docs = every_real.frames.documents
    left = docs.filter(pl.col("status") != "loaded")
    assert dict(left.select("source_file", "status_reason").iter_rows()).keys() == NOT_LOADED.keys()


def test_item_changes_are_not_total_claims(flags):
    # 024 line 587: "社会保障和就业支出 … 与上年相比减少 184.96 万元" and 025 line 570 "… 增加 54.05
    # 万元" are changes of a 类, once read as the total's change and flagged; 024 line 571's
    # "一般公共预算收入预算 21,940.96 万元，与上年相比增加 3,959.28 万元" was compared with the total
    claims = flags.filter(pl.col("rule_or_model") == "yoy_claim")
    assert not claims["subject"].str.contains("yoy_total_change").any()


def test_no_peer_or_spike_alarms_between_unlike_departments(flags):
    # the 人大常委会办公厅's 会议费 (1,305.25 万元, line 318 of 019) against a 检察院 and a 高级法院:
    # three departments of no common kind give no peer level, and three are no corpus to set a
    # department against (corpus_outlier); none is flagged
    assert flags.filter(
        (pl.col("kind") == "peer_outlier") | (pl.col("rule_or_model") == "yoy_line")
    ).is_empty()


def test_a_joined_disclosure_names_the_narrative_file_of_its_narrative_lines(jiangsu):
    # Jiangsu 2019's 人大常委会办公厅 publishes 021 (情况说明) and 022 (tables), joined into one
    # document whose source_file is 022; 021's text rendering, line 163, read by hand:
    # "项目支出预算数为6459.58万元。与上年相比增加125.62万"
    narrative = "021_js_npc_office_2019_dept_budget_narrative.pdf"
    tables = "022_js_npc_office_2019_dept_budget_tables.pdf"
    docs = jiangsu.frames.documents.filter(pl.col("source_files").list.contains(narrative))
    assert docs.select("source_file", "source_files").rows() == [(tables, [narrative, tables])]
    doc = pl.col("doc_id") == docs["doc_id"].item()
    at_163 = jiangsu.frames.narrative_figures.filter(doc & (pl.col("source_line") == 163))
    assert at_163.select("label", "amount_wan", "source_file").rows() == [
        ("project", Decimal("6459.58"), narrative),
        ("yoy_project_change", Decimal("125.62"), narrative),
    ]
    # every flag citing a narrative sentence names 021, every name check on a table row 022
    by_rule = (
        jiangsu.flags.filter(doc).group_by("rule_or_model").agg(pl.col("source_file").unique())
    )
    files = {r: set(f) for r, f in by_rule.iter_rows()}
    assert files["copy_paste_narrative"] == {narrative}
    assert files["name_mismatch"] == {tables}


@pytest.fixture(scope="module")
def real_more_tuning():
    """The tuning half of ../shared/real_more/pdf analysed together (the held half is measured
    once per round by script, never tested against)."""
    if not REAL_MORE.is_dir() or not PDF_SPLIT.is_file():
        pytest.skip("../shared/real_more/pdf or its split list is absent")
    rows = [line.split("\t") for line in PDF_SPLIT.read_text().splitlines() if line.strip()]
    names = sorted(name.strip() for side, name in rows if side == "tuning")
    return names, made_once(
        "real-more-tuning",
        lambda: analyze([REAL_MORE / n for n in names], REAL_MORE, load_settings()),
    )


def test_every_real_more_tuning_alarm_is_reviewed(real_more_tuning):
    names, result = real_more_tuning
    flags = result.flags
    alarms = flags.filter(pl.col("severity").is_in(["critical", "warning"]) & pl.col("verified"))
    got = set(alarms.select("source_file", "rule_or_model", "subject").iter_rows())
    assert got - set(REVIEWED) - set(OPEN_FALSE) == set(), "alarms nobody reviewed"
    assert {k for k in REVIEWED if k[0] in names} - got == set(), "true problems no longer found"
    assert set(OPEN_FALSE) - got == set(), "a false alarm no longer raised: drop it from OPEN_FALSE"


def test_every_real_more_tuning_warning_is_read(real_more_tuning):
    names, result = real_more_tuning
    _every_warning_is_read(result.flags, set(names))


def test_no_flag_on_a_doubted_performance_table_is_verified(real_more_tuning):
    """Issue 18 item 1 on the tuning half: a flag standing on a project of a 绩效目标表 the reader
    doubts (performance_unattached / _unread / _suspect: 240's, round 5) is "could not verify",
    ranked below every verified flag of its severity (summary lists it apart by ``verified``).
    A doubt naming projects (round 10: the candidates of unattached rows) reaches those; one
    naming none, every project; the others of the table are verified (240's five true ones)."""
    _, result = real_more_tuning
    doubts = [k for k in DOUBT_KINDS if k.startswith("performance_")]
    named = (
        result.frames.findings.filter(pl.col("kind").is_in(doubts))
        .select("doc_id", project_code=pl.col("code").fill_null("").str.split(" "))
        .explode("project_code")
    )
    on_them = result.flags.join(named.select("doc_id").unique(), on="doc_id").filter(
        pl.col("rule_or_model").is_in(READS_PROJECTS)
    )
    anyone = named.filter(pl.col("project_code") == "").select("doc_id").unique()
    reached = pl.concat(
        [
            on_them.join(anyone, on="doc_id"),
            on_them.join(named, on=["doc_id", "project_code"]),
            on_them.filter(pl.col("project_code").is_null()),
        ]
    )
    assert reached.height and not reached["verified"].any()
    assert on_them["verified"].any()  # the projects no doubt reaches
    rank = result.flags.group_by("severity", "verified").agg(
        lo=pl.col("rank").min(), hi=pl.col("rank").max()
    )
    for sev in ("critical", "warning", "info"):
        sure = rank.filter((pl.col("severity") == sev) & pl.col("verified"))["hi"]
        unsure = rank.filter((pl.col("severity") == sev) & ~pl.col("verified"))["lo"]
        assert sure.is_empty() or unsure.is_empty() or sure.item() < unsure.item()


def test_a_document_analysed_alone_completes_and_explains_every_flag():
    """real_more 351 (tuning half) alone: its rules' parts, concatenated unevenly chunked, made
    polars 2.1 panic (binview index out of bounds) formatting a filtered string column in
    detection.certainty; and its 部门整体 block drew a cost flag with no 预算数 to explain."""
    pdf = REAL_MORE / "351_xa_2026_budget_bc39882d.pdf"
    if not pdf.is_file():
        pytest.skip("../shared/real_more/pdf is absent")
    flags = analyze([pdf], REAL_MORE, load_settings()).flags
    assert flags.height and flags["explanation"].null_count() == 0
    cost = flags.filter(pl.col("rule_or_model") == "cost_indicator_mismatch")
    assert cost["subject"].to_list() == ["#15/农业保险综合费用率"]
