"""Project rules: a 绩效目标表's 成本指标 and 资金支出计划 against its own 预算数, and the
projects against the 支出总表 功能分类 项 they fall under.

Cost and plan are printed by the same office in the same block as the 预算数, so a
difference beyond rounding (money_tolerance_wan) means one of the three numbers is wrong.
"""

from __future__ import annotations

import polars as pl

from budgetwatch.config.settings import DetectionSettings
from budgetwatch.contract.schema import AMOUNT
from budgetwatch.detection.flagset import finish, fmt_wan
from budgetwatch.detection.project_functions import Leaf, assign


def _to_wan(value: pl.Expr, unit: pl.Expr) -> pl.Expr:
    f = value.cast(pl.Float64)
    return (
        pl.when(unit == "万元")
        .then(f)
        .when(unit == "元")
        .then(f / 10000)
        .when(unit == "亿元")
        .then(f * 10000)
    )


def spending_plan_flags(
    projects: pl.DataFrame, documents: pl.DataFrame, cfg: DetectionSettings
) -> list[pl.DataFrame]:
    """The last filled cumulative figure of 资金支出计划 (12月底 normally) must be the 预算数.
    The plan is kept as printed, in the document's unit; 预算数 is already in 万元."""
    plan = projects.join(documents.select("doc_id", "unit"), on="doc_id", how="left").with_columns(
        _last=pl.col("spending_plan")
        .list.eval(pl.element().str.replace_all(r"[,\s]", "").filter(pl.element() != ""))
        .list.last()
    )
    # compare in the printed unit, exactly: 预算数 (万元) × 10000 for a document in 元
    per_wan = pl.when(pl.col("unit") == "元").then(pl.lit(10000)).otherwise(pl.lit(1))
    tolerance = pl.lit(cfg.money_tolerance_wan).cast(AMOUNT) * per_wan
    plan = plan.with_columns(
        _last_num=pl.col("_last").cast(AMOUNT, strict=False),
        _budget_printed=(pl.col("budget_wan") * per_wan).cast(AMOUNT),
    ).filter(
        pl.col("_last_num").is_not_null()
        & pl.col("budget_wan").is_not_null()
        & ((pl.col("_last_num") - pl.col("_budget_printed")).abs() > tolerance)
    )
    if plan.is_empty():
        return []
    plan = plan.with_columns(
        subject=pl.col("project_code"),
        expected=fmt_wan("budget_wan"),
        actual=pl.col("_last"),
        expected_wan="budget_wan",
        actual_wan=pl.col("_last_num") / per_wan,
        stake_wan=((pl.col("_last_num") - pl.col("_budget_printed")).abs() / per_wan).cast(
            pl.Float64
        ),
        explanation=pl.format(
            "项目{}「{}」预算数 {} 万元 but its 资金支出计划 ends at {} (line {})",
            pl.col("project_no"),
            pl.col("project_name"),
            fmt_wan("budget_wan"),
            pl.col("_last"),
            pl.col("source_line"),
        ),
    )
    return [finish(plan, "spending_plan_mismatch")]


# a cost indicator naming a whole, not one item's cap (安保服务预算控制 is a part)
_WHOLE = "^(?:项目)?(?:预算|成本)控制数$|项目预算|项目总|总成本|总额|总数|总预算|预算总"
# words before a whole that name no item: 项目总成本, 本项目资金总额, 年度预算总额
_GENERIC = "项目|本|该|年度|全年|资金|经费|预算|成本|支出|控制"
# a share of another whole is a target of its own kind (机动经费占单位预算总额比例 ≤4%)
_SHARE = "占.*(?:比例|比重)|占比"
# a label naming an amount of money (项目采购成本, 不超出预算, 租赁费), not a rate or a count of it
# (人工成本控制率, 资金支付及时率, 采购设备数量)
_MONEY = "成本|费|预算|金额|资金|经费|价"
_NOT_MONEY = "率|比例|比重|占比|数量|次数|人数|个数|天数|时长|时间|期限"
# a cost of one item (单条链路租赁成本, 单个, 单次, 单台 …), no part of the project's total
_PER_ITEM = "单价|人均|标准|每|单[个次条件台套份项张本辆部块间户人]"


def _whole_item(label: pl.Expr) -> pl.Expr:
    """The item a whole names, from the label's last clause without its printed unit: "" for
    the project's (项目总成本, 总成本控制数), "新媒体运营" for "新媒体运营总成本"; null when the
    label names no whole."""
    last = label.str.replace(r"^.*[、，,；;。：:]", "").str.replace(r"[（(][^（()）]*[）)]\s*$", "")
    head = last.str.replace("(?:项目预算|项目总|总成本|总额|总数|总预算|预算总).*$", "")
    return pl.when(last.str.contains(_WHOLE)).then(head.str.replace_all(_GENERIC, ""))


def cost_indicator_flags(
    projects: pl.DataFrame, indicators: pl.DataFrame, cfg: DetectionSettings
) -> list[pl.DataFrame]:
    """成本指标 money that exceeds the project's 预算数, or a 成本指标 stating no money (≥95%).

    A project's cost indicators are parts of its money: one may restate the whole (the
    sample's 项目预算控制数), several list cost items (116: 考试费 939.945 + 评卷费 1198.134 + 组织费
    971.409 = 3,109.488), and Beijing's print one capped item (≤2.13万元 of 维修维护费 in a 64.00
    project). So money is flagged when it adds up to more than the 预算数 (the sample's 52.71
    against 45.70), or when a single one names the whole (预算, 控制数, 总) and differs from it.
    A cost per head or per item (元/人, 单价, 人均, 标准) is no part of the total: not counted."""
    cost = indicators.filter(pl.col("level2").str.contains("成本")).join(
        projects.select("doc_id", "project_code", "project_no", "project_name", "budget_wan"),
        on=["doc_id", "project_code"],
        how="inner",
    )
    # a value without a unit takes the one its label prints: "交通标线施划费用成本（万元/年）
    # ≤1000" is 1,000 万元 a year (part of the year's budget); "样本调查成本（元/份）≤9",
    # "二类会议（元·人/天）420", "空调(台/元) ≤3000" are costs per item (real_more 340-351, 343)
    label = pl.col("level3").fill_null("")
    paren = label.str.extract(r"[（(]([^（()）]*元[^（()）]*|\s*万\s*/[^（()）]*)[）)]\s*$")
    label_unit = (
        pl.when(paren.str.contains("亿元"))
        .then(pl.lit("亿元"))
        .when(paren.str.contains("万"))
        .then(pl.lit("万元"))
        .when(paren.is_not_null())
        .then(pl.lit("元"))
    )
    unitless = pl.col("value_unit").fill_null("") == ""
    # a bare number under a label naming money and no unit (项目采购成本 <20151600, 不超出预算
    # ≤699050 on 69.91 万元: real_more 302/306) is money in 元 or 万元: read in 元, the reading
    # that claims least (it exceeds the 预算数 only if it does in either), and it states the
    # 预算数 if either reading does; a flag on it cannot be verified (certainty: no unit)
    bare = (
        unitless
        & label_unit.is_null()
        & label.str.contains(_MONEY)
        & ~label.str.contains(_NOT_MONEY)
    )
    unit = pl.when(bare).then(pl.lit("元")).when(unitless).then(label_unit).otherwise("value_unit")
    per = (
        unitless
        & paren.str.contains(r"[/·]")
        & ~paren.str.contains(r"^\s*(?:万元|元|万|亿元)\s*/\s*年\s*$")
    )
    per_unit = (
        pl.col("value_unit").fill_null("").str.contains("/")
        | per.fill_null(False)
        | label.str.contains(_PER_ITEM)
    )
    project = ["doc_id", "project_code"]
    cost = (
        cost.filter(~per_unit)
        .with_columns(
            _wan=_to_wan(pl.col("value_number"), unit),
            _in_wan=pl.when(bare).then(pl.col("value_number").cast(pl.Float64)),
            _budget=pl.col("budget_wan").cast(pl.Float64),
            _item=_whole_item(label),
        )
        .with_columns(
            _n_money=pl.col("_wan").is_not_null().sum().over(project),
            _sum=pl.col("_wan").sum().over(project),
        )
    )
    tol = cfg.money_tolerance_wan
    # one item stating the budget itself (项目预算控制总额 ≤343.9027 of 343.90, Beijing 126), or
    # naming the project's whole (项目预算控制数 ≤86 beside 论文发表成本 ≤9.13, Beijing 118), is the
    # whole the others are parts of: compared with the budget itself, not added to them; an
    # item's own cap (安保服务预算控制 ≤622.8 of 658, Beijing 114) is a part. A whole naming an
    # item is that item's, a part, unless the item is the project itself (its name, or its only
    # money): "新媒体运营总成本 ≤163.3202" beside "报纸发行费 ≤130.24" make 293.5602 = 预算数
    # (real_more 223); "咨询总成本 ≤37" alone on a 40.00 project is its whole (232). Parts that
    # add up to the 预算数 name no whole whatever their labels say.
    item = pl.col("_item")
    adds_up = (pl.col("_n_money") > 1) & ((pl.col("_sum") - pl.col("_budget")).abs() <= tol)
    cost = cost.with_columns(
        _whole=(
            item.is_not_null()
            & (
                (item == "")
                | pl.col("project_name").fill_null("").str.contains(item, literal=True)
                | (pl.col("_n_money") == 1)
            )
            & ~adds_up
        ).fill_null(False)
    )
    whole = pl.col("_whole")
    # (a bare amount that is the 预算数 in 万元 states it)
    is_budget = ((pl.col("_wan") - pl.col("_budget")).abs() <= tol) | (
        (pl.col("_in_wan") - pl.col("_budget")).abs() <= tol
    ).fill_null(False)
    cost = cost.with_columns(
        _is_budget=is_budget.fill_null(False),
        _whole_stated=(is_budget | (pl.col("_wan").is_not_null() & whole))
        .fill_null(False)
        .any()
        .over(project),
    )
    states_whole = pl.col("_whole_stated")
    money_diff = pl.col("_wan").is_not_null() & (
        (~states_whole & (pl.col("_sum") - pl.col("_budget") > tol))
        | (whole & ~pl.col("_is_budget"))
    )
    # a number in another unit (%, 人 …) where money belongs; a sentence without a number is
    # only a vague target, left to boilerplate_indicator
    # (成本控制率 ≤100% too: a rate where the cost in money belongs, tests/real_reviews_perf.py;
    # a 社会/生态环境成本指标 is not money by nature: 施工扰民遭遇投诉次数 ≤2次, real_more 232)
    # a share of another whole is a target of its own, not the project's cost (机动经费占单位预算
    # 总额比例 ≤4%, real_more 257)
    # (a block without 预算数 — a 部门整体 form — has no project cost to hold a target against)
    not_money = (
        pl.col("_wan").is_null()
        & pl.col("budget_wan").is_not_null()
        & pl.col("value_number").is_not_null()
        & ~pl.col("level2").fill_null("").str.contains("社会|生态|环境")
        & ~label.str.contains(_SHARE)
    )
    # one flag per project for its money (its largest item), one per row stating no money
    bad = pl.concat(
        [
            cost.filter(money_diff)
            .sort("_wan", descending=True)
            .unique(project, keep="first", maintain_order=True),
            cost.filter(not_money),
        ]
    )
    if bad.is_empty():
        return []
    several = (pl.col("_n_money") > 1) & ~pl.col("_whole_stated")
    bad = bad.with_columns(
        subject=pl.col("project_code") + "/" + pl.col("level3").fill_null(""),
        expected=fmt_wan("budget_wan"),
        actual=pl.when(pl.col("_wan").is_not_null() & several)
        .then(pl.col("_sum").round(6).cast(pl.String))
        .otherwise(pl.col("value_raw")),
        expected_wan="budget_wan",
        actual_wan=pl.when(pl.col("_wan").is_not_null()).then(
            pl.when(several).then(pl.col("_sum")).otherwise(pl.col("_wan"))
        ),
        stake_wan=pl.when(pl.col("_wan").is_not_null())
        .then((pl.col("_sum") - pl.col("_budget")).abs())
        .otherwise(pl.col("_budget")),
        explanation=pl.when(pl.col("_wan").is_not_null() & several)
        .then(
            pl.format(
                "项目{}「{}」: its {} 成本指标 add up to {} 万元 (the largest, 「{}」, states {}) but "
                "预算数 is {} 万元 (line {})",
                pl.col("project_no"),
                pl.col("project_name"),
                pl.col("_n_money"),
                pl.col("_sum").round(2),
                pl.col("level3"),
                pl.col("value_raw"),
                fmt_wan("budget_wan"),
                pl.col("source_line"),
            )
        )
        .otherwise(
            pl.format(
                "项目{}「{}」成本指标「{}」states {}{} 预算数 is {} 万元 (line {})",
                pl.col("project_no"),
                pl.col("project_name"),
                pl.col("level3"),
                pl.col("value_raw"),
                pl.when(pl.col("_wan").is_not_null())
                .then(pl.lit(" but"))
                .otherwise(pl.lit(", not money;")),
                fmt_wan("budget_wan"),
                pl.col("source_line"),
            )
        ),
    )
    return [finish(bad, "cost_indicator_mismatch")]


def _fen(col: str) -> pl.Expr:
    return (pl.col(col) * 100).round(0).cast(pl.Int64)


def _leaves(line_items: pl.DataFrame) -> pl.DataFrame:
    """支出总表 rows with a 项目支出 amount and no printed child code with one."""
    rows = line_items.filter(
        (pl.col("table_id") == "expenditure_summary")
        & (pl.col("column_id") == "project")
        & (pl.col("code").fill_null("") != "")
        & (pl.col("amount_wan") != 0)
    )
    children = rows.select("doc_id", child=pl.col("code"))
    parents = (
        rows.join(children, on="doc_id")
        .filter(
            (pl.col("child").str.len_chars() > pl.col("code").str.len_chars())
            & pl.col("child").str.starts_with(pl.col("code"))
        )
        .select("doc_id", "code")
        .unique()
    )
    return rows.join(parents, on=["doc_id", "code"], how="anti")


# money the department passes on, not its own 项目支出, is named so: a 转移支付 (对下转移支付), a
# 补助下级 / 对下补助, a budget 代编 for lower levels (a 提前下达 transfer is not said to be: the
# sample's county office spends the province's 提前下达 专项资金 itself). A project's size alone
# says nothing: one larger than all of 项目支出 may be a misprint (the independent corpus's
# seed 11: 147.43 printed 208.43); a 绩效目标表 covering 专项 money beyond the department's own
# exceeds 项目支出 by more than all of it, which the callers test on the whole (real_more 332)
_PASSED_ON = "转移支付|补助下级|对下补助|代编"


def own_projects(projects: pl.DataFrame) -> pl.DataFrame:
    """The projects of ``projects`` that can be the department's own 项目支出: none named as
    money passed on."""
    return projects.filter(~pl.col("project_name").fill_null("").str.contains(_PASSED_ON))


def project_function_flags(line_items: pl.DataFrame, projects: pl.DataFrame) -> list[pl.DataFrame]:
    """Projects matched to the 支出总表 leaf 项 by amounts (detection.project_functions), in
    documents whose Σ 预算数 differs from Σ leaf 项目支出 beyond 1 分 per project: the 项 that
    is off, or the project that fits under no 项."""
    leaves = _leaves(line_items).with_columns(fen=_fen("amount_wan"))
    # a 绩效目标表 also sets targets for money the department passes on (市级科技创新专项（转移支付）
    # 2,000 of real_more 333): a transfer is none of its 项
    prj = own_projects(
        projects.filter(pl.col("budget_wan").is_not_null()).with_columns(fen=_fen("budget_wan"))
    )
    totals = (
        prj.group_by("doc_id")
        .agg(p=pl.col("fen").sum(), n=pl.len())
        .join(leaves.group_by("doc_id").agg(l=pl.col("fen").sum()), on="doc_id")
    )
    # (a difference larger than all its 项目支出 is no misprinted project: the table covers
    # more money than the department's own — 332's 25 projects Σ 40,481.83 on 798.28)
    docs = totals.filter(
        ((pl.col("p") - pl.col("l")).abs() > pl.col("n"))
        & ((pl.col("p") - pl.col("l")).abs() <= pl.col("l"))
    )["doc_id"].sort()
    rows = []
    for doc in docs:
        doc_leaves = leaves.filter(pl.col("doc_id") == doc).sort("source_line")
        doc_prj = prj.filter(pl.col("doc_id") == doc).sort("project_no")
        out = assign(
            [Leaf(c, f) for c, f in doc_leaves.select("code", "fen").iter_rows()],
            doc_prj["fen"].to_list(),
        )
        if out.status != "one_leaf_off":
            continue
        leaf_rows = {r["code"]: r for r in doc_leaves.iter_rows(named=True)}
        p_rows = doc_prj.to_dicts()
        diff = out.difference_fen / 100
        if len(out.leaves) == 1:
            leaf = leaf_rows[out.leaves[0]]
            left = [p_rows[i] for i in out.projects]
            listed = " + ".join(
                f"项目{p['project_no']}「{p['project_name']}」{p['budget_wan']:.2f} "
                f"(line {p['source_line']})"
                for p in left
            )
            total = sum(p["budget_wan"] for p in left)
            rows.append(
                {
                    "doc_id": doc,
                    "subject": f"expenditure_summary/{leaf['code']}/project",
                    "expected": f"{leaf['amount_wan']:.2f}",
                    "actual": f"{total:.2f}",
                    "table_id": "expenditure_summary",
                    "code": leaf["code"],
                    "column_id": "project",
                    "expected_wan": leaf["amount_wan"],
                    "actual_wan": total,
                    "source_line": leaf["source_line"],
                    "source_file": leaf["source_file"],
                    "stake_wan": abs(diff),
                    "explanation": (
                        f"支出总表 {leaf['code']} {leaf['name']} 项目支出 {leaf['amount_wan']:.2f} "
                        f"(line {leaf['source_line']}); every other 项 is matched by projects "
                        f"exactly, and those left for it, {listed}, make {total:.2f} "
                        f"({diff:+.2f})"
                    ),
                }
            )
        else:
            for i in out.projects:
                p = p_rows[i]
                rows.append(
                    {
                        "doc_id": doc,
                        "subject": f"projects/{p['project_code']}/budget_wan",
                        "expected": ", ".join(out.leaves),
                        "actual": f"{p['budget_wan']:.2f}",
                        "project_code": p["project_code"],
                        "actual_wan": p["budget_wan"],
                        "source_line": p["source_line"],
                        "source_file": p["source_file"],
                        "stake_wan": abs(diff),
                        "explanation": (
                            f"项目{p['project_no']}「{p['project_name']}」{p['budget_wan']:.2f} "
                            f"(line {p['source_line']}) fits under no 支出总表 项: every other "
                            f"project matches a 项's 项目支出 exactly, and with it Σ projects "
                            f"exceeds Σ 项目支出 by {diff:+.2f} whichever 项 it is put under "
                            f"({', '.join(out.leaves)})"
                        ),
                    }
                )
    if not rows:
        return []
    amounts = {c: AMOUNT for c in ("expected_wan", "actual_wan")}
    return [finish(pl.DataFrame(rows, schema_overrides=amounts), "project_sum_by_function")]
