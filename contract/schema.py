"""The per-document frames of the common schema (contract) as polars schemas, and Frames.

Column names follow ../shared/contract/common-schema.md exactly; extension columns are
marked below ("# extensions") and in docs/architecture.md. Amounts are exact decimals
(``AMOUNT``); a float copy for modelling is made downstream, never stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from enum import StrEnum

import polars as pl

# 万元 with 6 decimals holds 元 amounts to the cent (1 元 = 0.0001 万元) and the
# indicator values printed with 6 decimals (76.684425 万元).
AMOUNT = pl.Decimal(precision=20, scale=6)

DOCUMENTS = {
    "doc_id": pl.String,
    "source_file": pl.String,
    "department_code": pl.String,
    "department_name": pl.String,
    "region": pl.String,
    "fiscal_year": pl.Int32,
    "doc_kind": pl.String,
    "unit": pl.String,
    "status": pl.String,
    "status_reason": pl.String,
    # extensions
    "level": pl.String,  # county / city / province where known
    "pages": pl.Int32,
    "parser_version": pl.String,
    "encoding": pl.String,
    # every file the document was read from, sorted: one, or the companion files joined
    # into it (transforms/companions.py)
    "source_files": pl.List(pl.String),
    # extension (issue 22): an office file's last-saved time from its own document properties
    # (UTC), null elsewhere; versions of one unit's tables and 说明 that no figure tells apart
    # pair by it (transforms/workbook_income.by_saved_time)
    "saved_at": pl.Datetime("us", "UTC"),
}

# Extension of every row-level frame that carries source_line: the file the row was read
# from, set where a document joins several files (companion parts, transforms/companions.py)
# whose lines are each counted in their own file; null = the document's source_file.
ROW_FILE = {"source_file": pl.String}
# Extension (branch xlsx): the workbook cell of the row (表3!D12), or of a finding its sheet
# row (表3!12:12); a Word file's table cell (表格1!B3) or paragraph (¶12); null elsewhere.
ROW_CELL = {"source_cell": pl.String}

LINE_ITEMS = {
    "doc_id": pl.String,
    "table_id": pl.String,
    "side": pl.String,
    "row_no": pl.Int32,
    "code": pl.String,
    "level": pl.Int8,
    "name": pl.String,
    "canonical_name": pl.String,
    "column_id": pl.String,
    "amount_wan": AMOUNT,
    "source_page": pl.Int32,
    "source_line": pl.Int32,
    # extensions
    **ROW_FILE,
    **ROW_CELL,
    "page_verified": pl.Boolean,
}

PROJECTS = {
    "doc_id": pl.String,
    "project_code": pl.String,
    "project_name": pl.String,
    "budget_wan": AMOUNT,
    "fiscal_funds_wan": AMOUNT,
    "other_funds_wan": AMOUNT,
    "spending_plan": pl.List(pl.String),  # 3月底, 6月底, 10月底, 12月底 as printed ("" = blank)
    "goal_text": pl.String,
    "source_line": pl.Int32,
    # extensions
    "project_no": pl.Int32,  # the N of "N、<name>绩效目标表"
    "purpose_text": pl.String,
    "source_page": pl.Int32,
    **ROW_FILE,
    **ROW_CELL,
    "project_kind": pl.String,  # project, department (部门整体 绩效目标表), transfer (转移支付)
    "table_title": pl.String,  # the 绩效目标表's printed title (PDF), e.g. …（含转移支付项目）
}

INDICATORS = {
    "doc_id": pl.String,
    "project_code": pl.String,
    "level1": pl.String,
    "level2": pl.String,
    "level3": pl.String,
    "description": pl.String,
    "value_raw": pl.String,
    "value_comparator": pl.String,
    "value_number": AMOUNT,
    "value_unit": pl.String,
    "basis": pl.String,
    "source_line": pl.Int32,
    # extensions
    "indicator_no": pl.Int32,  # 1-based position within the project block
    **ROW_FILE,
    **ROW_CELL,
    # (PDF) the value's number found on its page by pdfium's own text (transforms.page_check)
    "page_verified": pl.Boolean,
    # the 活动 a 部门整体 form's indicator measures (Beijing 预算13表): not its 绩效指标描述
    "activity": pl.String,
}

# Figures the narrative states. `label` is one of NARRATIVE_LABELS; `label_text` is the
# printed phrase it was read from.
NARRATIVE_FIGURES = {
    "doc_id": pl.String,
    "label": pl.String,
    "label_text": pl.String,
    "amount_wan": AMOUNT,
    "quantity": AMOUNT,  # asset rows: 平方米 / 台 / 件 counts
    "ref_year": pl.Int32,  # the year a 比上年 comparison refers to
    "change_claim": pl.String,  # 增加 / 减少 / 持平 (与上年一致) where the sentence states one
    "source_line": pl.Int32,
    "source_page": pl.Int32,
    # extensions
    **ROW_FILE,
    **ROW_CELL,
    # (PDF) label and amount found together on the page by pdfium's text (transforms.page_check)
    "page_verified": pl.Boolean,
}

NARRATIVE_LABELS = (
    "income_total",
    "income_general_budget",
    "income_gov_fund",
    "income_special_account",
    "income_other",
    "expenditure_total",
    "basic",
    "personnel",
    "public_funds",
    "project",
    "yoy_total",
    "yoy_total_change",
    "yoy_basic_change",
    "yoy_project_change",
    "org_running",
    "three_public_total",
    "three_public_abroad",
    "three_public_vehicle",
    "three_public_vehicle_purchase",
    "three_public_vehicle_operation",
    "three_public_reception",
    # a 三公 item's stated change ("公务接待费 2.76 万元，比上年减少 0.01 万元" → −0.01)
    "three_public_total_change",
    "three_public_abroad_change",
    "three_public_vehicle_change",
    "three_public_vehicle_purchase_change",
    "three_public_vehicle_operation_change",
    "three_public_reception_change",
    # staff stated in the narrative (quantity): 编制 and 实有/在职 人数
    "headcount_authorised",
    "headcount_actual",
    "fixed_assets_prev_total",
    "fixed_assets_purchase",
    "asset_total",
    "asset_buildings",
    "asset_office_buildings",
    "asset_vehicles",
    "asset_equipment_over_20w",
    "asset_other",
    # 本年收入 (本年收入合计: 收入总计 less 上年结转): no identity of its own (a total to pair by)
    "income_year",
)

# Which tables a document carried: present, empty_with_note, missing (documents-level
# metadata in the contract).
TABLE_STATUS = {
    "doc_id": pl.String,
    "table_id": pl.String,
    "title": pl.String,
    "status": pl.String,
    "note": pl.String,
    "source_line": pl.Int32,
    # extensions
    **ROW_FILE,
    **ROW_CELL,
}

# Problems found while reading (repairs made, unknown tables, name mismatches …).
FINDINGS = {
    "doc_id": pl.String,
    "kind": pl.String,
    "severity": pl.String,  # info / warning / error
    "message": pl.String,
    "table_id": pl.String,
    "code": pl.String,
    "source_line": pl.Int32,
    # extensions
    **ROW_FILE,
    **ROW_CELL,
    "source_page": pl.Int32,  # the PDF page of source_line (null for text inputs)
    # an ``unread_line``'s row as columns, so that nothing parses its message: the code its
    # text prints first (3, 5 or 7 digits; null = none) and its amounts in the order printed,
    # in the table's printed unit (an empty list: none with decimals); null for other kinds
    "row_code": pl.String,
    "amounts": pl.List(AMOUNT),
}

FLAGS = {
    "flag_id": pl.String,
    "doc_id": pl.String,
    "fiscal_year": pl.Int32,
    "department_code": pl.String,
    "rule_or_model": pl.String,
    "kind": pl.String,
    "severity": pl.String,
    "score": pl.Float64,
    "subject": pl.String,
    "expected": pl.String,
    "actual": pl.String,
    "explanation": pl.String,
    "source_line": pl.Int32,
    # extensions
    "source_file": pl.String,
    "rank": pl.Int32,
    # flags of one document that one cause explains (the same difference seen by several
    # identities; the lines of one peer outlier): the group's best-ranked flag_id, and size
    "group_id": pl.String,
    "group_size": pl.Int32,
    # every figure certain: its tables read whole, its amounts found on their pages
    # (detection/certainty.py); False = "could not verify", never critical
    "verified": pl.Boolean,
    # independent identities that see the same difference in the document (1 = seen once)
    "confidence": pl.Int32,
    # what the flag is about, as columns (null where it means nothing for the rule), so that
    # no consumer parses subject: the line-item cell (table, code, column) whose amount is
    # ``actual_wan``, the project, and the two sides and the money at stake in 万元, exact
    # (AMOUNT, as line_items.amount_wan: an amount printed in 元 keeps its cent). docs/rules.md
    # "Flag columns".
    "table_id": pl.String,
    "code": pl.String,
    "column_id": pl.String,
    "project_code": pl.String,
    "expected_wan": AMOUNT,
    "actual_wan": AMOUNT,
    "stake_wan": AMOUNT,
    # a gate flag's identity check (W3, X2 …), and the cell its expected side is printed in
    # when that is another table's (a cross-table identity: the same code in table b)
    "check_id": pl.String,
    "expected_table_id": pl.String,
    "expected_column_id": pl.String,
}


class Severity(StrEnum):
    """Of a flag or a reader's finding."""

    CRITICAL = "critical"
    WARNING = "warning"
    INFO = "info"


SEVERITIES = tuple(s.value for s in Severity)  # ordered, most severe first


class DocStatus(StrEnum):
    """documents.status, set in one place (flows.core.decide_status): rejected where the reader
    or a limit reported why the file cannot be read (status_reason), quarantined where the
    blocking gate holds a readable one back, else loaded. Stored as its string value; null
    in a reader's own output (not yet decided)."""

    LOADED = "loaded"
    QUARANTINED = "quarantined"
    REJECTED = "rejected"


def empty(schema: dict) -> pl.DataFrame:
    return pl.DataFrame(schema=schema)


def department_key() -> pl.Expr:
    """A department's identity across years, over documents columns: ``region|code``. Templates
    that print no department code (Shanghai, Jiangsu) are keyed by name, ``region|name:<name>``:
    a rename then starts a new history, which a code would have bridged."""
    who = pl.coalesce(
        pl.col("department_code").replace("", None),
        pl.lit("name:") + pl.col("department_name").replace("", None),
    )
    return pl.concat_str([pl.col("region").fill_null(""), pl.lit("|"), who.fill_null("")])


def conform(df: pl.DataFrame, schema: dict) -> pl.DataFrame:
    """Cast to the contract schema: missing columns become nulls, order is the contract's."""
    if not df.width:  # selecting only literals would make one row of nulls
        return pl.DataFrame(schema=schema)
    return df.select(
        [
            (pl.col(c) if c in df.columns else pl.lit(None)).cast(t).alias(c)
            for c, t in schema.items()
        ]
    )


@dataclass
class Frames:
    """All frames of one or many documents, in the contract's schemas."""

    documents: pl.DataFrame = field(default_factory=lambda: empty(DOCUMENTS))
    line_items: pl.DataFrame = field(default_factory=lambda: empty(LINE_ITEMS))
    projects: pl.DataFrame = field(default_factory=lambda: empty(PROJECTS))
    indicators: pl.DataFrame = field(default_factory=lambda: empty(INDICATORS))
    narrative_figures: pl.DataFrame = field(default_factory=lambda: empty(NARRATIVE_FIGURES))
    table_status: pl.DataFrame = field(default_factory=lambda: empty(TABLE_STATUS))
    findings: pl.DataFrame = field(default_factory=lambda: empty(FINDINGS))

    SCHEMAS = {
        "documents": DOCUMENTS,
        "line_items": LINE_ITEMS,
        "projects": PROJECTS,
        "indicators": INDICATORS,
        "narrative_figures": NARRATIVE_FIGURES,
        "table_status": TABLE_STATUS,
        "findings": FINDINGS,
    }

    def items(self):
        return [(f.name, getattr(self, f.name)) for f in fields(self)]

    @classmethod
    def concat(cls, many: list["Frames"]) -> "Frames":
        if not many:
            return cls()
        return cls(
            **{
                name: pl.concat([getattr(m, name) for m in many], how="vertical")
                for name in cls.SCHEMAS
            }
        )

    def filter_docs(self, doc_ids) -> "Frames":
        keep = pl.col("doc_id").is_in(list(doc_ids))
        return Frames(**{name: df.filter(keep) for name, df in self.items()})
