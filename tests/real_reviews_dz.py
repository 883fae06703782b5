"""Hand reviews of the warning-or-above flags on the tuning half of the 定州 2017 workbooks
(../shared/real_more/dz, split /work/notes/dz_split.tsv), same record format as
``tests/real_reviews.py``: (source_file, rule, subject) → why it is a true problem of the
workbook, with the cells read from it (sheet!cell, values as the cell shows them).

``RULE_PROBLEMS`` lists the flags found NOT to be problems of the document and caused by a
rule (branch alarms owns the rules; reported there): ``tests/test_real_dz.py`` fails on any
flag in neither dict.
"""

from __future__ import annotations

_F407 = "407_dz_2017_budget_d1435161.xlsx"  # 定州市人民法院
_BASIC_407 = (
    "附表3-6!C7 合计 4403.24, D7 人员经费 3999.8, E7 公用经费 403.44; its 类 rows are "
    "301 1448.23 (C8) + 302 201.72 (C14) + 303 665.08 (C25) = 2315.03 (人员 "
    "1448.23 + 665.08 = 2113.31, 公用 201.72): the 合计 row adds the 类 and their 款 "
    "together (2315.03 + 2088.21 = 4403.24), counting every amount twice"
)
_F459 = "459_dz_2017_budget_tables_197a48cc.xls"  # 定州市社会保险事业管理局
_CODES_459 = (
    "附表3-6: 2、津贴补贴 0.72 (D10) is coded 30101, the code of 基本工资 (D9 103.89), "
    "and its own sub-item （1）妇女卫生费 0.72 (D11) carries 30102: the coded rows add "
    "to 268.18 against the 合计 267.46 (D7) — 0.72 counted twice by malformed codes"
)
_F501 = "501_dz_2017_budget_tables_465f0312.xls"  # 定州市司法局
_PROJECT_501 = (
    "204 公共安全支出 prints 合计 1687.89 and 基本支出 1226.61 but a blank 项目支出 "
    "(附表3-3 row 9, 附表3-5 row 10); its 项 rows carry 项目支出 461.28 (普法宣传 1, "
    "社区矫正 83.28, …) and 合计 prints 项目支出 461.28"
)
_TWICE_501 = (
    "款 20406 司法 is printed twice, once 1226.61 (basic block, 附表3-2 row 10 / 3-3 "
    "row 10 / 3-5 row 11) and once 461.28 (project block, row 13/13/14): the 款 row "
    "is not the sum of its 项 (1687.89) in either"
)
_SIDE_501 = (
    "收支总表 附表3-1!D7 and 财政拨款收支总表 附表3-4!D7/E7 put all 1687.89 on 一、一般公共服务"
    "支出 (201) while 收入总表/支出总表/一般公共预算支出表 classify it 204 公共安全支出 "
    "(附表3-3 row 9): the 类 differs between tables"
)
_TOTAL_501 = (
    "附表3-4 row 29 本年支出合计 and row 31 合计 print 1687.89 under 一般公共预算财政拨款 "
    "(E29, E31) and leave the 合计 column (D29, D31) blank"
)
_CODE_501 = (
    "附表3-6 row 10 prints 津贴补贴 187.82 with code 20102 (a function code) instead of "
    "30102: 301 工资福利支出 865.58 (C8) ≠ its coded 款 677.76"
)
_F514 = "514_dz_2017_budget_tables_2b902007.xls"  # 定州市委党校
_RETIRE_514 = (
    "2080501 归口管理的行政单位离退休 prints 合计 10.9 but 基本支出 15.5 (附表3-3 row 14, "
    "附表3-5 row 15); its 款 20805 prints 15.5"
)
_SIDE_514 = (
    "收支总表 附表3-1 row 7 / 财政拨款收支总表 附表3-4 row 7 put all 287.61 on 一、一般公共服务"
    "支出, while 支出总表/一般公共预算支出表 classify it 205 教育 244.41, 208 15.5, 210 "
    "13.04, 221 14.66 (附表3-3 rows 9-20)"
)
_F520 = "520_dz_2017_budget_tables_990f773e.xls"  # 定州日报社
_PROJECT_520 = (
    "207 and 20704 print 合计 700.57 and 基本支出 327.25 with a blank 项目支出 (附表3-3 "
    "rows 15-16, 附表3-5 rows 16-17); 2070408 出版发行 prints 项目支出 373.32 and the 合计 "
    "row 373.32"
)
_SIDE_520 = (
    "收支总表 附表3-1!D13 七、文化体育与传媒支出 710.08 and 九、医疗卫生 blank, while 支出总表 "
    "prints 207 700.57 and 210 9.51 (附表3-3 rows 15, 19): 9.51 moved to another 类"
)
_F603 = "603_dz_2017_budget_tables_0d10d82f.xls"  # 定州市卫生监督所
_BASIC_603 = (
    "附表3-6 合计 131.61 / 人员 123.86 / 公用 7.75 (row 7): 二、对个人和家庭的补助 prints "
    "24.52 (row 30) but its items add to 18.52 (1.08 + 10.2 + 0.14 + 7.1 + 0); "
    "（2）福利费 1.02 (row 59) has no code"
)
_SIDE_603 = (
    "收支总表 附表3-1 row 15 puts all 289.61 on 九、医疗卫生与计划生育支出 and leaves 八、"
    "社会保障 and 住房保障 blank, while 收入总表/支出总表 print 2080505 14.15, 2080506 0.3 "
    "and 2210201 7.1 (附表3-3 rows 11-13)"
)
_F613 = "613_dz_2017_budget_tables_ebac95bb.xlsx"  # 定州市大辛庄镇人民政府
_ROW_613 = (
    "项 2101101 行政单位医疗 10 and 2101102 事业单位医疗 10 (Sheet2/3/5 rows 25-26) are "
    "printed without their 款 21011 row"
)
_CODE_613 = (
    "Sheet6!A21 prints 福利费 3.2 with code 20229 (a function code) instead of 30229: 302 "
    "商品和服务支出 51.55 (C13) ≠ its coded 款 48.35"
)
_HEAT_613 = (
    "Sheet6 row 30: 30314 取暖费 合计 30.8 but 人员经费 28.8; 303 对个人和家庭的补助 158.02 "
    "(C25) ≠ its 款 160.02 (62.2 + 12.18 + 25.99 + 28.85 + 30.8)"
)
# 人民法院 说明 joined with 407: the .doc (500); 664 .docx is the same 说明 (same totals), a copy
_F664 = "500_dz_2017_budget_narrative_d4967097.doc"
_F428 = "428_dz_2017_budget_narrative_20a53f31.docx"  # 民政局 说明, joined with 401
_CAR_428 = (
    "说明 ¶33: 公务用车购置及运行费7.2万元，其中…公务用车运行费7.2万元; 401's 三公 table "
    "附表3-9 prints 二、公务用车购置及运行费 12.6 (row 9) and 合计 12.6 (row 7)"
)

_W = "gate:identity_break"
_X = "gate:cross_table_mismatch"
_N = "gate:narrative_mismatch"


def _basic_total(source_file: str, why: str) -> dict:
    """The 基本支出表 合计 row's W7 (every column) and W8 (人员/公用 by 类) flags of one cause."""
    columns = {"W7": ("personnel", "public_funds", "total"), "W8": ("personnel", "public_funds")}
    return {
        (source_file, _W, f"{rule}:general_budget_basic_expenditure/合计/{c}"): why
        for rule, names in columns.items()
        for c in names
    }


REVIEWED = {
    **_basic_total(_F407, _BASIC_407),
    (
        _F407,
        _X,
        "X6:general_budget_basic_expenditure/合计/total~general_budget_expenditure/basic",
    ): _BASIC_407 + "; 一般公共预算支出表 prints 基本支出 2315.03",
    **{
        (
            _F407,
            _W,
            f"W7:general_budget_basic_expenditure/301/{c}",
        ): "附表3-6 row 8: 301 工资福利支出 1448.23 but its 款 add to 1221.41 (562 + 369 + 45.6 + "
        "244.81; 30107 绩效工资 row 13 blank): 226.82 in no 款"
        for c in ("personnel", "total")
    },
    **{
        (_F459, _W, s): _CODES_459
        for s in (
            "W7:general_budget_basic_expenditure/合计/personnel",
            "W7:general_budget_basic_expenditure/合计/total",
            "W8:general_budget_basic_expenditure/合计/personnel",
        )
    },
    **{
        (_F501, _W, f"W3:{t}/204/project"): _PROJECT_501
        for t in ("expenditure_summary", "general_budget_expenditure")
    },
    **{
        (_F501, _W, f"W3:{t}/合计/project"): _PROJECT_501
        for t in ("expenditure_summary", "general_budget_expenditure")
    },
    (_F501, _W, "W5:general_budget_expenditure/204/total~basic+project"): _PROJECT_501,
    **{
        (_F501, _W, s): _TWICE_501
        for s in (
            "W3:expenditure_summary/20406/total",
            "W3:general_budget_expenditure/20406/total",
            "W3:income_summary/20406/fiscal_appropriation",
            "W3:income_summary/20406/subtotal",
        )
    },
    **{
        (_F501, _W, s): _TOTAL_501
        for s in (
            "W6:fiscal_appropriation_summary/expenditure/本年支出合计/total",
            "W6:fiscal_appropriation_summary/合计/total~general_budget+gov_fund+state_capital",
            "W6:fiscal_appropriation_summary/本年支出合计/total~general_budget+gov_fund+state_capital",
        )
    },
    **{
        (_F501, _W, f"W7:general_budget_basic_expenditure/{s}"): _CODE_501
        for s in ("201/personnel", "201/total", "301/personnel", "301/total")
    },
    **{
        (_F501, _X, s): _SIDE_501
        for s in (
            "X2:income_expenditure_summary/201/amount~expenditure_summary/total",
            "X2:income_expenditure_summary/204/amount~expenditure_summary/total",
            "X5:fiscal_appropriation_summary/201/general_budget~general_budget_expenditure/total",
            "X5:fiscal_appropriation_summary/204/general_budget~general_budget_expenditure/total",
        )
    },
    **{
        (_F514, _W, s): _RETIRE_514
        for s in (
            "W3:expenditure_summary/20805/total",
            "W3:general_budget_expenditure/20805/total",
            "W5:general_budget_expenditure/2080501/total~basic+project",
        )
    },
    **{
        (
            _F514,
            _X,
            f"X2:income_expenditure_summary/{c}/amount~expenditure_summary/total",
        ): _SIDE_514
        for c in ("201", "205", "208", "210", "221")
    },
    **{
        (
            _F514,
            _X,
            f"X5:fiscal_appropriation_summary/{c}/general_budget~general_budget_expenditure/total",
        ): _SIDE_514
        for c in ("201", "205", "208", "210", "221")
    },
    **{
        (_F520, _W, s): _PROJECT_520
        for s in (
            "W3:expenditure_summary/20704/project",
            "W3:expenditure_summary/合计/project",
            "W3:general_budget_expenditure/20704/project",
            "W3:general_budget_expenditure/合计/project",
            "W5:general_budget_expenditure/207/total~basic+project",
            "W5:general_budget_expenditure/20704/total~basic+project",
        )
    },
    **{
        (_F520, _X, s): _SIDE_520
        for s in (
            "X2:income_expenditure_summary/207/amount~expenditure_summary/total",
            "X2:income_expenditure_summary/210/amount~expenditure_summary/total",
            "X5:fiscal_appropriation_summary/207/general_budget~general_budget_expenditure/total",
            "X5:fiscal_appropriation_summary/210/general_budget~general_budget_expenditure/total",
        )
    },
    **_basic_total(_F603, _BASIC_603),
    **{
        (
            _F603,
            _X,
            f"X2:income_expenditure_summary/{c}/amount~expenditure_summary/total",
        ): _SIDE_603
        for c in ("208", "210", "221")
    },
    **{
        (
            _F603,
            _X,
            f"X5:fiscal_appropriation_summary/{c}/general_budget~general_budget_expenditure/total",
        ): _SIDE_603
        for c in ("208", "210", "221")
    },
    **{
        (_F613, _W, f"W3:{s}"): _ROW_613
        for s in (
            "expenditure_summary/21011/basic",
            "expenditure_summary/21011/total",
            "general_budget_expenditure/21011/basic",
            "general_budget_expenditure/21011/total",
            "income_summary/21011/fiscal_appropriation",
            "income_summary/21011/subtotal",
        )
    },
    **{
        (_F613, _W, f"W7:general_budget_basic_expenditure/{s}"): _CODE_613
        for s in ("202/public_funds", "202/total", "302/public_funds", "302/total")
    },
    **{
        (_F613, _W, f"W7:general_budget_basic_expenditure/{s}"): _HEAT_613
        for s in ("303/total", "30314/total~personnel+public_funds")
    },
    (
        _F664,
        _N,
        "N2:narrative/personnel~general_budget_basic_expenditure/合计/personnel",
    ): "说明 (500 .doc; 664 .docx ¶17 the same): 人员经费2113.31万元 — the sum of the rows of 407's 附表3-6 (1448.23 + 665.08); "
    "the table's printed 合计 D7 3999.8 double counts (see 407)",
    (
        _F664,
        _N,
        "N2:narrative/public_funds~general_budget_basic_expenditure/合计/public_funds",
    ): "说明 (500 .doc; 664 .docx ¶17 the same): 日常公用经费201.72万元 = 407's 302 row (附表3-6!C14); its printed 合计 E7 403.44 "
    "double counts",
    (_F428, _N, "N4:narrative/three_public_vehicle~three_public_expenses/vehicle/total"): _CAR_428,
    (
        _F428,
        _N,
        "N4:narrative/three_public_vehicle_operation~three_public_expenses/vehicle_operation/total",
    ): _CAR_428,
}

# round 2: 510 市委办 loads now that its 说明 509 is named by its title (2017年市委办预算公开说明)
_F510 = "510_dz_2017_budget_tables_e64c8235.xls"
REVIEWED.update(
    {
        (
            _F510,
            _W,
            "W7:general_budget_basic_expenditure/303/total~personnel+public_funds",
        ): "附表3-6 row 21: 303 对个人和家庭的补助 prints 合计 69.45 (D21) but 人员经费 69.54 (E21) and "
        "no 公用经费: 合计 ≠ 人员 + 公用 (digits transposed)",
        (
            _F510,
            _W,
            "W7:general_budget_basic_expenditure/30311/total~personnel+public_funds",
        ): "附表3-6 row 24: 30311 住房公积金 prints 合计 26.32 (D24) but 人员经费 24.32 (E24)",
        (
            _F510,
            _W,
            "W7:general_budget_basic_expenditure/303/personnel",
        ): "附表3-6 人员经费: 303 prints 69.54 (E21) but its 款 add to 67.45 (E22 5.08 + E23 16.85 + "
        "E24 24.32 + E25 21.2)",
        (
            _F510,
            _W,
            "W7:general_budget_basic_expenditure/合计/personnel",
        ): "附表3-6 人员经费 合计 414.55 (E7) ≠ its 类 301 345.1 (E8) + 303 69.54 (E21) = 414.64",
    }
)

# Round 3 (year from the path or the joined narrative, .doc narratives read): flags of the
# documents that now load, each checked against the cells (xlrd/openpyxl dump, antiword for .doc)
_S414 = (
    "附表3-2 (收入总表) row 9: 201 一般公共服务支出 本年收入合计 640.03 (D9) but 财政拨款收入 "
    "928.74 (E9); its 款 rows 20103 379.98 + 20106 53.99 + 20131 206.06 = 640.03; the 合计 "
    "E8 1493.28 is not the sum of the 类 rows' E"
)
_P414 = (
    "附表3-3 rows 31-33 / 附表3-5 rows 32-34: 212 城乡社区支出, 21201, 2120101 print 项目支出 "
    "247.15 (F) and leave 合计 (D) blank; 合计 D8 1493.28 = the 类 rows' D 1246.13 + 247.15; "
    "收支总表 附表3-1 row 17 十一、城乡社区支出 247.15"
)
_INC = (
    "W3:income_summary/201/fiscal_appropriation",
    "W3:income_summary/合计/fiscal_appropriation",
    "W4:income_summary/201/subtotal~fiscal_appropriation+fiscal_special_account+"
    "operating_revenue+business_revenue+superior_subsidy+affiliated_remittance+other_revenue",
)
_EXP = (
    "W3:expenditure_summary/合计/total",
    "W3:general_budget_expenditure/合计/total",
    *(
        f"W5:general_budget_expenditure/{c}/total~basic+project"
        for c in ("212", "21201", "2120101")
    ),
    "X2:income_expenditure_summary/212/amount~expenditure_summary/total",
    "X5:fiscal_appropriation_summary/212/general_budget~general_budget_expenditure/total",
)
_S566 = (
    "收支总表 附表3-1 row 7 puts all 5134.65 on 一、一般公共服务支出 (D7), while 支出总表 附表3-3 "
    "classifies 201 629.51 (row 9), 210 37.9 (row 13), 208 154.44 (row 16), 213 4312.8 "
    "(row 21): the 类 differs between tables"
)
_S586 = (
    "附表3-3 row 36 (附表3-5 the same): 213 农林水支出 合计 109.05 (D36), 基本 66.25 (E36), "
    "项目支出 blank (F36) while its 款 21307 prints 项目支出 42.8 (F39); 合计 项目支出 98.8 (F8) "
    "≠ the 类 rows' 56.0"
)
_S594 = (
    "附表3-6: the 类 rows 302 45.4 (D8) and 303 103.0 (D11) leave 公用经费 blank while their 款 "
    "print it (F9 39.4, F10 6.0, F12 92.4, F13 10.6); 合计 prints 公用经费 148.4 (F7), 303 "
    "对个人和家庭的补助 (给养费, 医疗费) counted as 公用经费; 附表3-4 row 29 本年支出合计 prints "
    "148.4 in 合计 (D29) and leaves 一般公共预算 (E29) blank, E10 and E31 print 148.4"
)
_S597 = (
    "附表3-6: 302 商品和服务支出 prints 合计 9.1 (D22) and a blank 公用经费 (F22), its 款 rows "
    "30201…30299 print 公用经费 (F23 0.15 … F30 5.0, sum 9.1) and a blank 合计 (D23…D30)"
)
_S402 = "附表3-6 prints its 合计 row only (D7 307.76, E7 人员经费 307.76) and no row under it"
_DUP = (
    "the city published this unit's 2017 tables more than once (re-uploads, MANIFEST "
    "'副本'): the 收支总表 totals are equal (%s); the flag says which one is compared"
)
_CAR_596 = (
    "596 说明 (antiword): '公务用车购置及运行费0万元，其中：公务用车购置费0万元、公务用车运行费"
    "0万元' against 597 附表3-9 B9 公务用车购置及运行费 1.8, B11 公务用车运行费 1.8"
)
REVIEWED.update(
    {
        **{
            (f, _W, s): _S414
            for f in ("414_dz_2017_budget_7ded714f.xls", "756_dz_2017_budget_tables_0ab0b237.xls")
            for s in _INC
        },
        **{
            (f, _W if s.startswith("W") else _X, s): _P414
            for f in ("414_dz_2017_budget_7ded714f.xls", "756_dz_2017_budget_tables_0ab0b237.xls")
            for s in _EXP
        },
        **{
            (
                "566_dz_2017_budget_tables_189145d8.xls",
                _X,
                f"{x}:{t}/{c}/{col}~{other}/total",
            ): _S566
            for c in ("201", "208", "210", "213")
            for x, t, col, other in (
                ("X2", "income_expenditure_summary", "amount", "expenditure_summary"),
                (
                    "X5",
                    "fiscal_appropriation_summary",
                    "general_budget",
                    "general_budget_expenditure",
                ),
            )
        },
        **{
            ("586_dz_2017_budget_tables_1c9d3151.xls", _W, s): _S586
            for s in (
                "W3:expenditure_summary/213/project",
                "W3:expenditure_summary/合计/project",
                "W3:general_budget_expenditure/213/project",
                "W3:general_budget_expenditure/合计/project",
                "W5:general_budget_expenditure/213/total~basic+project",
            )
        },
        **{
            ("594_dz_2017_budget_tables_f9d661cd.xls", _W, s): _S594
            for s in (
                "W6:fiscal_appropriation_summary/expenditure/本年支出合计/general_budget",
                "W6:fiscal_appropriation_summary/本年支出合计/total~general_budget+gov_fund+state_capital",
                "W7:general_budget_basic_expenditure/302/public_funds",
                "W7:general_budget_basic_expenditure/302/total~personnel+public_funds",
                "W7:general_budget_basic_expenditure/303/public_funds",
                "W7:general_budget_basic_expenditure/303/total~personnel+public_funds",
                "W7:general_budget_basic_expenditure/合计/public_funds",
                "W8:general_budget_basic_expenditure/合计/public_funds",
            )
        },
        **{
            (
                "597_dz_2017_budget_tables_09f6f2e0.xls",
                _W,
                f"W7:general_budget_basic_expenditure/{s}",
            ): _S597
            for s in (
                "302/public_funds",
                "302/total",
                "302/total~personnel+public_funds",
                "合计/public_funds",
                *(
                    f"{c}/total~personnel+public_funds"
                    for c in ("30201", "30207", "30211", "30228", "30229", "30239", "30299")
                ),
            )
        },
        **{
            (f, "duplicate_document", "document/budget/2017"): _DUP % "419, 449 and 743: 483.61"
            for f in ("419_dz_2017_budget_8119bcb2.xls", "449_dz_2017_budget_tables_1d57963d.xls")
        },
        # round 12 (dz11): 567 is named by its 说明's title (单位预算) and loads beside 456 + 662
        (
            "567_dz_2017_budget_narrative_8be5df73.docx",
            "duplicate_document",
            "document/budget/2017",
        ): (
            "公共资源交易中心 published two versions of its 2017 tables, both 66.6 in all: 567 (.docx, "
            "表格6 基本支出表) prints 302 商品和服务支出 66.60 under 人员经费 (E6; header row 4: 合计 | "
            "人员经费 | 公用经费, 公用经费 F6 blank), 662 附表3-6 under 公用经费 (F8 66.6); "
            "the flag says which one is compared"
        ),
        **{
            ("596_dz_2017_budget_narrative_572e8d59.doc", _N, f"N4:narrative/{s}"): _CAR_596
            for s in (
                "three_public_vehicle_operation~three_public_expenses/vehicle_operation/total",
                "three_public_vehicle~three_public_expenses/vehicle/total",
            )
        },
    }
)

_OTHER = (
    "N1:narrative/income_other~income_expenditure_summary/一般公共预算|政府性基金|财政专户/amount"
)
RULE_PROBLEMS = {
    (
        f,
        _N,
        _OTHER,
    ): "说明 says 其他收入0万元 (e.g. 614 ¶14: '…附属单位上解收入0万元，其他收入0万元'), "
    "true of its workbook (收支总表 六、其他收入 blank); rule N1 sets it against 一、财政拨款收入. "
    "Reported to branch alarms."
    for f in (
        "428_dz_2017_budget_narrative_20a53f31.docx",
        "513_dz_2017_budget_narrative_7d005e1e.docx",
        "534_dz_2017_budget_narrative_eb3d055f.docx",
        "614_dz_2017_budget_narrative_a7d024b8.docx",
        # .doc 说明 (antiword: '…其他收入0万元'), round 3
        "471_dz_2017_budget_narrative_3a942204.doc",
        "478_dz_2017_budget_narrative_1324526f.doc",
        "556_dz_2017_budget_narrative_ef4c27cb.doc",
        "595_dz_2017_budget_narrative_3a3c3e8c.doc",
        "596_dz_2017_budget_narrative_572e8d59.doc",
        # round 2: named by their titles, now joined ('…附属单位上解收入0万元，其他收入0万元')
        "480_dz_2017_budget_narrative_15e6922d.doc",
        "494_dz_2017_budget_narrative_2e14a9e6.doc",
        "509_dz_2017_budget_narrative_e2a79105.doc",
    )
}
RULE_PROBLEMS[(_F428, _N, "N2:narrative/expenditure_total~expenditure_summary/合计/total")] = (
    "说明 ¶53: '政府性基金预算支出（民政福利事业支出）1373万元' is read as the department's "
    "支出预算 total (narrative labels, branch tables) and set against 支出总表 合计 24747.04; "
    "the sentence states the 政府性基金 part. Reported."
)
RULE_PROBLEMS.update(
    {
        (
            "477_dz_2017_budget_tables_e157ef14.xls",
            _W,
            f"W8:general_budget_basic_expenditure/合计/{c}",
        ): "NOT a problem of the workbook: 附表3-6 row 7 '基本支出合计' prints 427.77 (D7), 人员经费 "
        "407.27 (E7), 公用经费 20.5 (F7), equal to its rows; the reader does not take the row "
        "labelled 基本支出合计 as the table's 合计 (read as 0). A reader problem, fixed in round 2 "
        "(total_row_named): no longer raised."
        for c in ("personnel", "public_funds")
    }
)

# Round 3 (issue 22): 402 and 575 are now quarantined as earlier versions of 703 and 662 (every
# amount they print is in the fuller file, which joins the 说明), so their flags (402's W8 on a
# 合计 with no row under it, the two duplicate_document) are no longer raised. 730 农业局 now
# loads (it is the fuller version of 442, joined to 630's 说明); its flags, read with xlrd:
_F730 = "730_dz_2017_budget_tables_3cb744b3.xls"  # 定州市农业局
_SIDE_730 = (
    "收支总表 附表3-1 row 18 puts all 28566.92 on 十二、农林水支出 and leaves 一、一般公共服务 "
    "(row 7) and 十、节能环保 (row 16) blank, while 支出总表 附表3-3 prints 201 966, 211 173.6 "
    "and 213 27427.32 (966 + 173.6 + 27427.32 = 28566.92, 合计 D8): the 类 differ between tables"
)
_ECON_730 = (
    "一般公共预算支出表 附表3-5 codes its 基本支出 rows with economic codes (30101 基本工资 "
    "876.6 …): by first three digits 301 1718.53 + 302 119.40 + 303 594.82 = 2432.75 = 基本支出 "
    "(E9), beside function rows 201 966 + 211 173.6 + 213 24994.57; 财政拨款收支总表 knows no "
    "301/302/303 and prints 213 28566.92: the table mixes two classifications"
)
_FISCAL_730 = (
    "财政拨款收支总表 附表3-4 row 18 十二、农林水支出 prints 28566.92 (D18, E18) and rows 7 "
    "一般公共服务 and 16 节能环保 blank, while 一般公共预算支出表 附表3-5 prints 201 966 and 211 "
    "173.6 and 213 24994.57 (" + _ECON_730.split("(")[0].strip() + ")"
)
REVIEWED.update(
    {
        **{
            (_F730, _X, f"X2:income_expenditure_summary/{c}/amount~expenditure_summary/total"): (
                _SIDE_730
            )
            for c in ("201", "211", "213")
        },
        **{
            (
                _F730,
                _X,
                f"X5:fiscal_appropriation_summary/{c}/general_budget~general_budget_expenditure/total",
            ): _ECON_730 if c.startswith("3") else _FISCAL_730
            for c in ("201", "211", "213", "301", "302", "303")
        },
    }
)


# Held half, round 3 (issue 22): the warning+ flags reviewed AFTER the figures were written
# (docs/workbooks.md): the top 30 by rank and a random 20 of the rest (seed 22), each read against
# the cells (xlrd/openpyxl). A record, not a test: the held half is not tuned on.
_HELD3_WHY = {
    "405": (
        "附表2-3/2-5: 204 prints the whole 9372.64 over its 款 20402 8171.96 (208 959.39 and 221 "
        "241.29 listed beside it); 附表2-6 prints rows 31-43 (302's tail and 303) twice"
    ),
    "410": (
        "Sheet3: 213 143.55 over 21301 107.55 and 2130706 36 printed with no 款 21307 row "
        "(D27-D30): by 款 the 类 is 36 short"
    ),
    "413": (
        "附表3-1 puts 549.72 on 201, 125.49 on 213, 115.87 on 210 while 附表3-3's rows add to "
        "527.77, 146.49, 116.82 (same 791.08); 附表3-6's 302 款 rows print 公用经费 with a blank 合计 "
        "(D15-D24)"
    ),
    "415": (
        "附表3-4 208 170.87 / 210 48237.5 against 附表3-5's function rows 208 656.55 / 210 47732.02: "
        "512.5 of 208 projects classed 210"
    ),
    "421": (
        "附表3-1 puts all 9912.13 on 213 while 附表3-3 prints 208 9.72 (the 政府性基金, 附表3-7); 附表3-4 "
        "prints 一般公共预算 8211.05 (project only) against 附表3-5 9902.41; 附表3-9 二、公务用车 prints 0 over "
        "运行费 3.6 (B11)"
    ),
    "430": ("附表3-3 rows print 基本/项目 with a blank 合计 column (D9-D13)"),
    "437": (
        "附表3-4 row 15 puts the 4620 政府性基金 of 2120801 第二医院新址征地款 (附表3-7 D10) on 九、医疗卫生 and counts "
        "it in 一般公共预算 (附表3-5 D23) too; 2082002 10 (附表3-3 D27) is counted under 210 on 附表3-1/3-4 "
        "(208 199.56 against 209.56)"
    ),
    "443": ("附表3-6 rows print 人员经费 with a blank 合计 column (D8-…)"),
    "465": ("copy of 405 (same cells): 204 prints the whole total over its 款"),
    "538": (
        "附表3-2: every 财政拨款收入 cell is 1 more than 本年收入合计 (D9 1384.54 / E9 1388.54 … row by row)"
    ),
    "641": ("copy of 430: 附表3-6 按规定比例计提项目 F33 2.35 with a blank D33"),
    "721": ("copy of 405 (same cells): 204 prints the whole total over its 款"),
    "746": (
        "FALSE (reader): Sheet4 (no title) '收入 | 支出' was glued to Sheet3's last row (C13 65.75 "
        "read as '65.75支出', not read); not fixed (held; rule in reverted commit bf1a564)"
    ),
    "789": (
        "说明 (.doc): '基本支出 259.5万元' against 支出总表 基本支出 295.5 (489 附表3-3 E8; 295.5 + 13165.67 = "
        "13461.17 the 说明's own total)"
    ),
}
HELD_ROUND3 = [
    # (sample, rank, source_file, rule, subject): verdict from _HELD3_WHY (true unless it says FALSE)
    (
        "top",
        1,
        "437_dz_2017_budget_tables_651472fb.xls",
        "gate:cross_table_mismatch",
        "X5:fiscal_appropriation_summary/210/gov_fund~gov_fund_expenditure/total",
    ),
    (
        "top",
        2,
        "437_dz_2017_budget_tables_651472fb.xls",
        "gate:cross_table_mismatch",
        "X5:fiscal_appropriation_summary/合计/general_budget~general_budget_expenditure/total",
    ),
    (
        "top",
        3,
        "437_dz_2017_budget_tables_651472fb.xls",
        "gate:cross_table_mismatch",
        "X5:fiscal_appropriation_summary/212/gov_fund~gov_fund_expenditure/total",
    ),
    (
        "top",
        4,
        "437_dz_2017_budget_tables_651472fb.xls",
        "gate:cross_table_mismatch",
        "X2:income_expenditure_summary/212/amount~expenditure_summary/total",
    ),
    (
        "top",
        5,
        "437_dz_2017_budget_tables_651472fb.xls",
        "gate:cross_table_mismatch",
        "X5:fiscal_appropriation_summary/212/general_budget~general_budget_expenditure/total",
    ),
    (
        "top",
        6,
        "413_dz_2017_budget_ecb744ad.xls",
        "gate:cross_table_mismatch",
        "X2:income_expenditure_summary/201/amount~expenditure_summary/total",
    ),
    (
        "top",
        7,
        "413_dz_2017_budget_ecb744ad.xls",
        "gate:cross_table_mismatch",
        "X5:fiscal_appropriation_summary/201/general_budget~general_budget_expenditure/total",
    ),
    (
        "top",
        8,
        "413_dz_2017_budget_ecb744ad.xls",
        "gate:cross_table_mismatch",
        "X2:income_expenditure_summary/213/amount~expenditure_summary/total",
    ),
    (
        "top",
        9,
        "413_dz_2017_budget_ecb744ad.xls",
        "gate:cross_table_mismatch",
        "X5:fiscal_appropriation_summary/213/general_budget~general_budget_expenditure/total",
    ),
    (
        "top",
        10,
        "421_dz_2017_budget_tables_3342d630.xls",
        "gate:cross_table_mismatch",
        "X2:income_expenditure_summary/213/amount~expenditure_summary/total",
    ),
    (
        "top",
        11,
        "421_dz_2017_budget_tables_3342d630.xls",
        "gate:cross_table_mismatch",
        "X5:fiscal_appropriation_summary/213/gov_fund~gov_fund_expenditure/total",
    ),
    (
        "top",
        12,
        "421_dz_2017_budget_tables_3342d630.xls",
        "gate:cross_table_mismatch",
        "X5:fiscal_appropriation_summary/208/gov_fund~gov_fund_expenditure/total",
    ),
    (
        "top",
        13,
        "421_dz_2017_budget_tables_3342d630.xls",
        "gate:cross_table_mismatch",
        "X2:income_expenditure_summary/208/amount~expenditure_summary/total",
    ),
    (
        "top",
        14,
        "413_dz_2017_budget_ecb744ad.xls",
        "gate:cross_table_mismatch",
        "X2:income_expenditure_summary/210/amount~expenditure_summary/total",
    ),
    (
        "top",
        15,
        "413_dz_2017_budget_ecb744ad.xls",
        "gate:cross_table_mismatch",
        "X5:fiscal_appropriation_summary/210/general_budget~general_budget_expenditure/total",
    ),
    (
        "top",
        16,
        "437_dz_2017_budget_tables_651472fb.xls",
        "gate:cross_table_mismatch",
        "X2:income_expenditure_summary/208/amount~expenditure_summary/total",
    ),
    (
        "top",
        17,
        "437_dz_2017_budget_tables_651472fb.xls",
        "gate:cross_table_mismatch",
        "X5:fiscal_appropriation_summary/208/general_budget~general_budget_expenditure/total",
    ),
    (
        "top",
        18,
        "437_dz_2017_budget_tables_651472fb.xls",
        "gate:cross_table_mismatch",
        "X5:fiscal_appropriation_summary/210/general_budget~general_budget_expenditure/total",
    ),
    (
        "top",
        19,
        "421_dz_2017_budget_tables_3342d630.xls",
        "gate:identity_break",
        "W9:three_public_expenses/二、公务用车购置及运行费/total",
    ),
    (
        "top",
        20,
        "421_dz_2017_budget_tables_3342d630.xls",
        "gate:identity_break",
        "W9:three_public_expenses/二、公务用车购置及运行费/general_budget",
    ),
    (
        "top",
        21,
        "437_dz_2017_budget_tables_651472fb.xls",
        "gate:cross_table_mismatch",
        "X2:income_expenditure_summary/210/amount~expenditure_summary/total",
    ),
    (
        "top",
        22,
        "421_dz_2017_budget_tables_3342d630.xls",
        "gate:cross_table_mismatch",
        "X5:fiscal_appropriation_summary/213/general_budget~general_budget_expenditure/total",
    ),
    (
        "top",
        23,
        "421_dz_2017_budget_tables_3342d630.xls",
        "gate:cross_table_mismatch",
        "X5:fiscal_appropriation_summary/合计/general_budget~general_budget_expenditure/total",
    ),
    (
        "top",
        24,
        "746_dz_2017_budget_tables_7a3cdee2.xlsx",
        "gate:identity_break",
        "W3:expenditure_summary/20805/total",
    ),
    (
        "top",
        25,
        "410_dz_2017_budget_a680b466.xlsx",
        "gate:identity_break",
        "W3:income_summary/213/fiscal_appropriation",
    ),
    (
        "top",
        26,
        "410_dz_2017_budget_a680b466.xlsx",
        "gate:identity_break",
        "W3:income_summary/213/subtotal",
    ),
    (
        "top",
        27,
        "410_dz_2017_budget_a680b466.xlsx",
        "gate:identity_break",
        "W3:expenditure_summary/213/project",
    ),
    (
        "top",
        28,
        "410_dz_2017_budget_a680b466.xlsx",
        "gate:identity_break",
        "W3:expenditure_summary/213/total",
    ),
    (
        "top",
        29,
        "410_dz_2017_budget_a680b466.xlsx",
        "gate:identity_break",
        "W3:general_budget_expenditure/213/project",
    ),
    (
        "top",
        30,
        "410_dz_2017_budget_a680b466.xlsx",
        "gate:identity_break",
        "W3:general_budget_expenditure/213/total",
    ),
    (
        "random",
        37,
        "413_dz_2017_budget_ecb744ad.xls",
        "gate:identity_break",
        "W7:general_budget_basic_expenditure/302/total",
    ),
    (
        "random",
        43,
        "413_dz_2017_budget_ecb744ad.xls",
        "gate:identity_break",
        "W7:general_budget_basic_expenditure/30208/total~personnel+public_funds",
    ),
    (
        "random",
        51,
        "538_dz_2017_budget_tables_01510eba.xls",
        "gate:identity_break",
        "W4:income_summary/207/subtotal~fiscal_appropriation+fiscal_special_account+operating_revenue+business_revenue+superior_subsidy+affiliated_remittance+other_revenue",
    ),
    (
        "random",
        61,
        "538_dz_2017_budget_tables_01510eba.xls",
        "gate:identity_break",
        "W4:income_summary/208/subtotal~fiscal_appropriation+fiscal_special_account+operating_revenue+business_revenue+superior_subsidy+affiliated_remittance+other_revenue",
    ),
    (
        "random",
        66,
        "538_dz_2017_budget_tables_01510eba.xls",
        "gate:identity_break",
        "W4:income_summary/2101102/subtotal~fiscal_appropriation+fiscal_special_account+operating_revenue+business_revenue+superior_subsidy+affiliated_remittance+other_revenue",
    ),
    (
        "random",
        76,
        "413_dz_2017_budget_ecb744ad.xls",
        "gate:identity_break",
        "W7:general_budget_basic_expenditure/30207/total~personnel+public_funds",
    ),
    (
        "random",
        78,
        "789_dz_2017_budget_narrative_b68a8f7c.doc",
        "gate:narrative_mismatch",
        "N2:narrative/basic~expenditure_summary/合计/basic",
    ),
    (
        "random",
        90,
        "405_dz_2017_budget_2476f7c9.xls",
        "gate:identity_break",
        "W3:income_summary/204/subtotal",
    ),
    (
        "random",
        93,
        "405_dz_2017_budget_2476f7c9.xls",
        "gate:identity_break",
        "W3:expenditure_summary/204/basic",
    ),
    (
        "random",
        99,
        "405_dz_2017_budget_2476f7c9.xls",
        "gate:identity_break",
        "W3:general_budget_expenditure/204/total",
    ),
    (
        "random",
        112,
        "465_dz_2017_budget_tables_554723fe.xls",
        "gate:identity_break",
        "W3:general_budget_expenditure/204/basic",
    ),
    (
        "random",
        119,
        "721_dz_2017_budget_tables_fbd932d4.xls",
        "gate:identity_break",
        "W3:expenditure_summary/合计/basic",
    ),
    (
        "random",
        145,
        "405_dz_2017_budget_2476f7c9.xls",
        "gate:identity_break",
        "W7:general_budget_basic_expenditure/合计/personnel",
    ),
    (
        "random",
        172,
        "430_dz_2017_budget_tables_5f77b490.xls",
        "gate:identity_break",
        "W3:expenditure_summary/合计/total",
    ),
    (
        "random",
        184,
        "443_dz_2017_budget_tables_7e1042b4.xls",
        "gate:identity_break",
        "W7:general_budget_basic_expenditure/30108/total~personnel+public_funds",
    ),
    (
        "random",
        187,
        "405_dz_2017_budget_2476f7c9.xls",
        "gate:identity_break",
        "W7:general_budget_basic_expenditure/302/public_funds",
    ),
    (
        "random",
        197,
        "443_dz_2017_budget_tables_7e1042b4.xls",
        "gate:identity_break",
        "W7:general_budget_basic_expenditure/30311/total~personnel+public_funds",
    ),
    (
        "random",
        206,
        "641_dz_2017_budget_tables_13f75c60.xls",
        "gate:identity_break",
        "W7:general_budget_basic_expenditure/按规定比例计提项目/total~personnel+public_funds",
    ),
    (
        "random",
        210,
        "415_dz_2017_budget_55d5bd42.xls",
        "gate:cross_table_mismatch",
        "X5:fiscal_appropriation_summary/208/general_budget~general_budget_expenditure/total",
    ),
    (
        "random",
        220,
        "443_dz_2017_budget_tables_7e1042b4.xls",
        "gate:identity_break",
        "W7:general_budget_basic_expenditure/30399/total~personnel+public_funds",
    ),
]


# Held half, round 3: the 179 warning+ flags not in the sample above, reviewed in round 4 (issue 22
# item e) against their cells (xlrd/openpyxl dumps of the rows each flag names, grouped by cause;
# the flags saved by the round-3 held run). A record, not a test. Verdict per file: true unless
# the text says FALSE. 177 / 179 true; the 2 false (524) were the reader's year, fixed.
HELD_ROUND3_REST_WHY = {
    "405": (
        "as _HELD3_WHY['405']: 204 prints the whole 9372.64 over its 款 (附表2-2/2-3/2-5 row "
        "9-10: 204 9372.64, its 款 8171.96), 收支总表/财政拨款收支总表 204 8171.96 (附表2-1 D10, 2-4 D10); "
        "附表2-6 prints 302's tail and 303 twice (303 1766.37 at D23 and D36); "
        "duplicate_document: 公安局 published three times (405/465/721)"
    ),
    "410": (
        "as _HELD3_WHY['410']: 2130706 36 printed with no 款 21307 row, in 收入总表, 支出总表 and "
        "一般公共预算支出表"
    ),
    "413": (
        "附表3-6 (xlrd): 30104 社会保障缴费 合计 127.74 (D12) but 人员经费 147.78 (E12), so 301 人员 578.67 "
        "(E8) ≠ its 款 598.71; the 302 款 rows (15-24) print 公用经费 with a blank 合计"
    ),
    "415": (
        "附表3-6: 2、津贴补贴 0.44 coded 30101 and its part （1）妇女卫生费 0.44 coded 30102 (rows 10-11): "
        "0.44 counted twice (172.72 for 172.28); 附表3-5 (a function table) carries economic "
        "codes 30201… (rows 30-38, 9.8) and uncoded 一、/二、 rows; 附表3-1 208 170.87 / 210 "
        "48237.5 against 附表3-3's 208 683.37 / 210 47725 (512.5 moved)"
    ),
    "430": (
        "附表3-5 (function table laid out by economic item): 2.津贴补贴 0.33 has no code (D12), so "
        "the coded rows miss the 合计 by 0.32-0.33; 210 6.03 and 221 9.52 coded rows (2100502, "
        "2210201) while 附表3-4 puts all 166.15 on 208 (D14); 附表3-6 按规定比例计提项目 F33 2.35 with a "
        "blank 合计 D33"
    ),
    "437": (
        "附表3-6 302 rows print 公用经费 with a blank 合计 (电费 3.6, 工会经费 3.35, 福利费 4.64, 公务交通补贴 30.6 "
        "…): 302 合计 21.03 against 公用 63.22"
    ),
    "441": (
        "copy of 430 (same cells; 附表3-3 rows D9-D13 print 基本/项目 with a blank 本年支出合计 column "
        "under 合计 D8 166.15)"
    ),
    "443": ("as _HELD3_WHY['443']: 附表3-6 rows print 人员经费 with a blank 合计 column"),
    "465": ("copy of 405 (same cells)"),
    "523": (
        "附表3-5 合计 D9 2737.02 against 基本 298.02 + 项目 2075 = 2373.02 (digits swapped); 附表3-4 "
        "row 17 十一、城乡社区支出 prints 一般公共预算 200 (E17) with a blank 合计 (D17), so 本年支出合计 D29 "
        "2373.02 ≠ its rows' 2173.02"
    ),
    "524": (
        "FALSE (reader): the .doc 说明's year was read as 2075 out of '项目支出2075万元' (the PDF "
        "cover rule takes the first 20XX of a first page; a Word body is one page) — fixed in"
        " round 4 (transforms/docx_reader.read_narrative: the year is the title's): the "
        "document is 2017"
    ),
    "538": (
        "as _HELD3_WHY['538']: 附表3-2 every 财政拨款收入 cell is 1 more than 本年收入合计, row by row"
    ),
    "606": (
        "附表3-3/3-5: 213 农林水支出 prints 项目支出 blank over 64 of 项 rows, and 合计 70 over 6 of 类 rows"
    ),
    "641": ("copy of 430 (same cells)"),
    "671": (
        "说明 (docx, joined to 421 水利局): 公务用车购置及运行维护费 3.6 against 附表3-9 二、公务用车购置及运行费 printed 0 "
        "over its 运行费 3.6 (B11): the table's row is wrong"
    ),
    "721": ("copy of 405 (same cells)"),
}


def _breaks(
    subject: str, codes: tuple[str, ...], rule: str = "gate:identity_break"
) -> tuple[tuple[str, str], ...]:
    """The flags of one check on several rows (``subject`` with ``{}`` for the code)."""
    return tuple((rule, subject.format(c)) for c in codes)


def _appropriation_parts(*codes: str) -> tuple[tuple[str, str], ...]:
    """财政拨款收支总表 rows whose 一般公共预算 is not the 一般公共预算支出表's total."""
    return _breaks(
        "X5:fiscal_appropriation_summary/{}/general_budget~general_budget_expenditure/total",
        codes,
        "gate:cross_table_mismatch",
    )


def _basic_parts(*codes: str) -> tuple[tuple[str, str], ...]:
    """基本支出表 rows whose 合计 is not 人员经费 + 公用经费."""
    return _breaks("W7:general_budget_basic_expenditure/{}/total~personnel+public_funds", codes)


def _income_parts(*codes: str) -> tuple[tuple[str, str], ...]:
    """收入总表 rows whose 小计 is not the sum of their sources."""
    return _breaks(
        "W4:income_summary/{}/subtotal~fiscal_appropriation+fiscal_special_account"
        "+operating_revenue+business_revenue+superior_subsidy+affiliated_remittance+other_revenue",
        codes,
    )


# 405's copies (465 and 721: the same cells) raise the same breaks of 204 and of the 基本支出表
_COPY_405 = (
    (
        "gate:cross_table_mismatch",
        "X2:income_expenditure_summary/204/amount~expenditure_summary/total",
    ),
    *_appropriation_parts("204"),
    *_breaks("W3:expenditure_summary/{}", ("204/basic", "204/total", "合计/total")),
    *_breaks("W3:general_budget_expenditure/{}", ("204/total", "合计/basic", "合计/total")),
    *_breaks(
        "W3:income_summary/{}",
        ("204/fiscal_appropriation", "204/subtotal", "合计/fiscal_appropriation", "合计/subtotal"),
    ),
    *_breaks(
        "W7:general_budget_basic_expenditure/{}",
        (
            "302/public_funds",
            "302/total",
            "303/personnel",
            "303/total",
            "合计/personnel",
            "合计/total",
        ),
    ),
    ("gate:identity_break", "W8:general_budget_basic_expenditure/合计/personnel"),
)


HELD_ROUND3_REST = {
    "405_dz_2017_budget_2476f7c9.xls": (
        ("duplicate_document", "document/budget/2017"),
        (
            "gate:cross_table_mismatch",
            "X2:income_expenditure_summary/204/amount~expenditure_summary/total",
        ),
        (
            "gate:cross_table_mismatch",
            "X5:fiscal_appropriation_summary/204/general_budget~general_budget_expenditure/total",
        ),
        ("gate:identity_break", "W3:expenditure_summary/204/total"),
        ("gate:identity_break", "W3:expenditure_summary/合计/basic"),
        ("gate:identity_break", "W3:expenditure_summary/合计/total"),
        ("gate:identity_break", "W3:general_budget_expenditure/204/basic"),
        ("gate:identity_break", "W3:general_budget_expenditure/合计/basic"),
        ("gate:identity_break", "W3:general_budget_expenditure/合计/total"),
        ("gate:identity_break", "W3:income_summary/204/fiscal_appropriation"),
        ("gate:identity_break", "W3:income_summary/合计/fiscal_appropriation"),
        ("gate:identity_break", "W3:income_summary/合计/subtotal"),
        ("gate:identity_break", "W7:general_budget_basic_expenditure/302/total"),
        ("gate:identity_break", "W7:general_budget_basic_expenditure/303/personnel"),
        ("gate:identity_break", "W7:general_budget_basic_expenditure/303/total"),
        ("gate:identity_break", "W7:general_budget_basic_expenditure/合计/total"),
        ("gate:identity_break", "W8:general_budget_basic_expenditure/合计/personnel"),
    ),
    "410_dz_2017_budget_a680b466.xlsx": (
        ("gate:identity_break", "W3:expenditure_summary/21307/project"),
        ("gate:identity_break", "W3:expenditure_summary/21307/total"),
        ("gate:identity_break", "W3:general_budget_expenditure/21307/project"),
        ("gate:identity_break", "W3:general_budget_expenditure/21307/total"),
        ("gate:identity_break", "W3:income_summary/21307/fiscal_appropriation"),
        ("gate:identity_break", "W3:income_summary/21307/subtotal"),
    ),
    "413_dz_2017_budget_ecb744ad.xls": (
        ("gate:identity_break", "W7:general_budget_basic_expenditure/301/personnel"),
        *_basic_parts(
            "30104", "30201", "30206", "30211", "30228", "30229", "30231", "30239", "30299"
        ),
    ),
    "415_dz_2017_budget_55d5bd42.xls": (
        (
            "gate:cross_table_mismatch",
            "X2:income_expenditure_summary/208/amount~expenditure_summary/total",
        ),
        (
            "gate:cross_table_mismatch",
            "X2:income_expenditure_summary/210/amount~expenditure_summary/total",
        ),
        *_appropriation_parts("210", "302"),
        ("gate:identity_break", "W3:general_budget_expenditure/合计/basic"),
        ("gate:identity_break", "W3:general_budget_expenditure/合计/total"),
        ("gate:identity_break", "W7:general_budget_basic_expenditure/合计/personnel"),
        ("gate:identity_break", "W7:general_budget_basic_expenditure/合计/total"),
        ("gate:identity_break", "W8:general_budget_basic_expenditure/合计/personnel"),
    ),
    "430_dz_2017_budget_tables_5f77b490.xls": (
        *_appropriation_parts("208", "210", "221"),
        ("gate:identity_break", "W3:general_budget_expenditure/合计/basic"),
        ("gate:identity_break", "W3:general_budget_expenditure/合计/total"),
        ("gate:identity_break", "W7:general_budget_basic_expenditure/合计/personnel"),
        ("gate:identity_break", "W7:general_budget_basic_expenditure/合计/total"),
        (
            "gate:identity_break",
            "W7:general_budget_basic_expenditure/按规定比例计提项目/total~personnel+public_funds",
        ),
        ("gate:identity_break", "W8:general_budget_basic_expenditure/合计/personnel"),
    ),
    "437_dz_2017_budget_tables_651472fb.xls": (
        *_basic_parts("302", "30206", "30228", "30229", "30239"),
        ("gate:identity_break", "W7:general_budget_basic_expenditure/合计/total"),
        ("gate:identity_break", "W8:general_budget_basic_expenditure/合计/public_funds"),
    ),
    "441_dz_2017_budget_tables_601f342c.xls": (
        *_appropriation_parts("208", "210", "221"),
        ("gate:identity_break", "W3:expenditure_summary/合计/total"),
        ("gate:identity_break", "W3:general_budget_expenditure/合计/basic"),
        ("gate:identity_break", "W3:general_budget_expenditure/合计/total"),
        ("gate:identity_break", "W7:general_budget_basic_expenditure/合计/personnel"),
        ("gate:identity_break", "W7:general_budget_basic_expenditure/合计/total"),
        (
            "gate:identity_break",
            "W7:general_budget_basic_expenditure/按规定比例计提项目/total~personnel+public_funds",
        ),
        ("gate:identity_break", "W8:general_budget_basic_expenditure/合计/personnel"),
    ),
    "443_dz_2017_budget_tables_7e1042b4.xls": (
        *_basic_parts(
            "301",
            "30101",
            "30102",
            "30103",
            "30104",
            "30107",
            "302",
            "30201",
            "30206",
            "30207",
            "30208",
            "30211",
            "30228",
            "30229",
            "30231",
            "30239",
            "30299",
            "303",
            "30302",
            "30304",
            "30305",
            "30309",
            "30314",
        ),
        ("gate:identity_break", "W7:general_budget_basic_expenditure/合计/total"),
        ("gate:identity_break", "W8:general_budget_basic_expenditure/合计/personnel"),
        ("gate:identity_break", "W8:general_budget_basic_expenditure/合计/public_funds"),
    ),
    "465_dz_2017_budget_tables_554723fe.xls": (
        ("duplicate_document", "document/budget/2017"),
        *_COPY_405,
        ("gate:identity_break", "W3:expenditure_summary/合计/basic"),
    ),
    "523_dz_2017_budget_tables_cc6c3ed3.xls": (
        (
            "gate:cross_table_mismatch",
            "X5:fiscal_appropriation_summary/合计/general_budget~general_budget_expenditure/total",
        ),
        ("gate:identity_break", "W3:general_budget_expenditure/合计/total"),
        ("gate:identity_break", "W5:general_budget_expenditure/合计/total~basic+project"),
        (
            "gate:identity_break",
            "W6:fiscal_appropriation_summary/212/total~general_budget+gov_fund+state_capital",
        ),
        ("gate:identity_break", "W6:fiscal_appropriation_summary/expenditure/本年支出合计/total"),
    ),
    "524_dz_2017_budget_narrative_ceed36e7.doc": (
        ("stale_year_narrative", "narrative/three_public_abroad/41"),
        ("stale_year_narrative", "narrative/three_public_total/41"),
    ),
    "538_dz_2017_budget_tables_01510eba.xls": (
        *_income_parts(
            "20701",
            "2070101",
            "20702",
            "2070204",
            "2070205",
            "2070206",
            "20805",
            "2080505",
            "210",
            "21011",
            "212",
            "21213",
            "2121399",
            "216",
            "21605",
            "2160504",
            "2160505",
            "2160599",
            "221",
            "22102",
            "2210201",
            "合计",
        ),
    ),
    "606_dz_2017_budget_tables_aa9fc6f5.xls": (
        ("gate:identity_break", "W3:expenditure_summary/213/project"),
        ("gate:identity_break", "W3:expenditure_summary/合计/project"),
        ("gate:identity_break", "W3:general_budget_expenditure/213/project"),
        ("gate:identity_break", "W3:general_budget_expenditure/合计/project"),
        ("gate:identity_break", "W5:general_budget_expenditure/213/total~basic+project"),
    ),
    "641_dz_2017_budget_tables_13f75c60.xls": (
        *_appropriation_parts("208", "210", "221"),
        ("gate:identity_break", "W3:expenditure_summary/合计/total"),
        ("gate:identity_break", "W3:general_budget_expenditure/合计/basic"),
        ("gate:identity_break", "W3:general_budget_expenditure/合计/total"),
        ("gate:identity_break", "W7:general_budget_basic_expenditure/合计/personnel"),
        ("gate:identity_break", "W7:general_budget_basic_expenditure/合计/total"),
        ("gate:identity_break", "W8:general_budget_basic_expenditure/合计/personnel"),
    ),
    "671_dz_2017_budget_narrative_1f162710.docx": (
        (
            "gate:narrative_mismatch",
            "N4:narrative/three_public_vehicle~three_public_expenses/vehicle/total",
        ),
    ),
    "721_dz_2017_budget_tables_fbd932d4.xls": (
        *_COPY_405,
        ("gate:identity_break", "W3:general_budget_expenditure/204/basic"),
    ),
}


# Held half, round 4: the warning+ flags new since round 3 (all on 636, whose untitled Sheet4 is
# no longer read into the 支出总表), read against the cells (openpyxl) AFTER the round-4 held
# figures were committed (docs/workbooks.md). A record, not a test: all true.
_HELD4_WHY_636 = (
    "附表3-5 row 13 2012999 prints 合计 11 and 项目 5 (F13) beside 基本 11; 附表3-6 G7 prints 公用 2.2 "
    "on 一、工资福利支出 beside 合计 22.75 = 人员 22.75; 差旅费 0.11 printed twice under 基础定额项目 "
    "(rows 29-30: 公用 2.9 against 3.01); the 基本支出表's 28.77 against the 一般公共预算支出表's "
    "基本 39.77, and the 说明 (637) stating 28.77"
)
HELD_ROUND4_NEW = {
    (
        "636_dz_2017_budget_tables_e4d1ffb0.xlsx",
        "gate:cross_table_mismatch",
        "X6:general_budget_basic_expenditure/合计/total~general_budget_expenditure/basic",
    ): _HELD4_WHY_636,
    (
        "636_dz_2017_budget_tables_e4d1ffb0.xlsx",
        "gate:identity_break",
        "W3:general_budget_expenditure/20129/project",
    ): _HELD4_WHY_636,
    (
        "636_dz_2017_budget_tables_e4d1ffb0.xlsx",
        "gate:identity_break",
        "W5:general_budget_expenditure/2012999/total~basic+project",
    ): _HELD4_WHY_636,
    (
        "636_dz_2017_budget_tables_e4d1ffb0.xlsx",
        "gate:identity_break",
        "W7:general_budget_basic_expenditure/一、工资福利支出/total~personnel+public_funds",
    ): _HELD4_WHY_636,
    (
        "636_dz_2017_budget_tables_e4d1ffb0.xlsx",
        "gate:identity_break",
        "W7:general_budget_basic_expenditure/合计/public_funds",
    ): _HELD4_WHY_636,
    (
        "636_dz_2017_budget_tables_e4d1ffb0.xlsx",
        "gate:identity_break",
        "W7:general_budget_basic_expenditure/合计/total",
    ): _HELD4_WHY_636,
    (
        "636_dz_2017_budget_tables_e4d1ffb0.xlsx",
        "gate:identity_break",
        "W8:general_budget_basic_expenditure/合计/public_funds",
    ): _HELD4_WHY_636,
    (
        "637_dz_2017_budget_narrative_ea8554be.docx",
        "gate:narrative_mismatch",
        "N2:narrative/basic~expenditure_summary/合计/basic",
    ): _HELD4_WHY_636,
}

# Round 8 (issue 22, 2026-12-07): the tuning documents loaded since a 说明 pairs with its
# workbook by its 本年收入 (transforms/workbook_income.py); each flag read against the cells
# (xlrd/openpyxl dumps through bench_workbooks.sheet_cells, not our reader).
_F406 = "406_dz_2017_budget_ba99b0d6.xls"  # 定州市纪检委, joined with its 说明 561
_CODE_406 = (
    "20111 纪检监察事物 prints 1093.24 (收入总表3-2!D9, 支出总表3-3!D10, 拨款支出3-5!D9) over 项 "
    "893.24 + 35 + 145 = 1073.24; the 20 more sit on 日常办案及办公设备购置 coded 2010101 (row "
    "13/14/13), a 项 of 款 20101, which is not printed: a malformed code"
)
_BASIC_406 = (
    "基本支出3-6: 302 prints 合计 105 (D12) beside 公用经费 188 (F12), its 款 adding to 188 "
    "(17.17 + 4.31 + 12.7 + 15 + 18 + 1 + 9 + 0 + 6.09 + 8.53 + 16.2 + 80); 303 (E28 278.52) "
    "and 310 (F36 142) and their 款 print 人员/公用 with the 合计 cell blank; 合计 D6 1385.13 "
    "against the 类 cells 776.61 + 105 = 881.61"
)
_SIDE_406 = (
    "收支总表3-1 D6 and 拨款总表3-4 D6 put 1175.76 on 一般公共服务 (201) and 152.93 on 社会保障和就业"
    " (208; D13), while 支出总表/一般公共预算支出表 classify 201 1093.24 and 208 235.45: the 类 differ "
    "between tables (both sum to 1385.13 with 221 56.44)"
)
_F418 = "418_dz_2017_budget_52e36dcc.xlsx"  # 定州市叮咛店镇, joined with its 说明 619
_BASIC_418 = (
    "表六: 年终一次性生活补贴 10.66 (D9/E9) is coded 30305 (a 303 款) inside the 301 block, so 301 "
    "466.58 ≠ its 30101..30107 455.92 and 303 人员 166.5 ≠ 177.16 by code; 303 and its 款 print "
    "人员经费 (E27..E34) with the 合计 cells blank; 合计 D5 690.8 against the 类 cells 466.58 + "
    "57.72 = 524.3, 人员 E5 633.08 against 301 466.58"
)
_N418 = (
    "619 states 基本支出中人员经费支出690.80万元 (¶9) where 690.80 is the whole 基本支出 (表六 D5; "
    "人员经费 E5 633.08 + 公用 57.72): the 说明 names the 基本支出 as 人员经费"
)
_F502 = "502_dz_2017_budget_tables_74de778c.xls"  # 定州市公证处, joined with its 说明 701
_CODE_502 = (
    "附表3-2/3-3/3-5: 20406 司法 35 over 2040606 公证 35 and four items (5 + 10 + 10 + 10 = 35) "
    "each coded 2040606 as well: by code 2040606 prints 70 under a 款 of 35 (the items carry "
    "their 项's code)"
)
_SIDE_502 = (
    "收支总表 附表3-1 D7 and 财政拨款收支总表 附表3-4 D7/E7 put 35 on 一、一般公共服务支出 (201), "
    "while the 收入/支出 tables classify it 204 公共安全 (附表3-3 A9): the 类 differ between tables"
)
_F548 = "548_dz_2017_budget_tables_0fa08851.xls"  # 定州市人民政府办公室, joined with its 说明 549
_ZERO_548 = (
    "the 类 and 款 rows print 0 or nothing over their 项: 附表3-2/3-3 C9 201 0.0, C10 20103 0.0, "
    "C13 20125 0.0 over 2010301 897.59 + 2010399 162.38 + 2012506 1.4 = 1061.37 (合计 C8); 附表3-5 "
    "rows 10-11 blank; 附表3-6 301 (row 8) blank, 303 C17 0.0, 302 C22 0.0 over their 款 "
    "(677.05, 117.82, 99.3; 合计 C7 894.17)"
)
_SIDE_548 = (
    "收支总表 附表3-1 D7 1061.37 and 财政拨款收支总表 附表3-4 D7 1012.95 / D25 48.42 (住房保障, 221) "
    "against 201 printed 0.0 (附表3-3 C9) or blank (附表3-5 row 10); no 221 row in the function "
    "tables: the 类 differ between tables"
)


def _sides(file: str, classes: tuple[str, ...], why: str) -> dict:
    """X2 and X5 of each 类: the 收支总表 and the 财政拨款收支总表 against the function tables."""
    return {
        (file, _X, s): why
        for c in classes
        for s in (
            f"X2:income_expenditure_summary/{c}/amount~expenditure_summary/total",
            f"X5:fiscal_appropriation_summary/{c}/general_budget~general_budget_expenditure/total",
        )
    }


REVIEWED.update(
    {
        **{
            (_F406, _W, f"W3:{t}/{c}/{col}"): _CODE_406
            for t, cols in (
                ("expenditure_summary", ("basic", "total")),
                ("general_budget_expenditure", ("basic", "total")),
                ("income_summary", ("fiscal_appropriation", "subtotal")),
            )
            for c in ("20101", "20111")
            for col in cols
        },
        **{
            (_F406, _W, f"W{n}:general_budget_basic_expenditure/{s}"): _BASIC_406
            for n, s in (
                ("7", "302/total"),
                ("7", "302/total~personnel+public_funds"),
                *(
                    ("7", f"{c}/total~personnel+public_funds")
                    for c in ("303 30302 30304 30305 30309 30311 30314 30399 310 31002".split())
                ),
                ("7", "合计/total"),
                ("8", "合计/personnel"),
                ("8", "合计/public_funds"),
            )
        },
        **_sides(_F406, ("201", "208"), _SIDE_406),
        **{
            (_F418, _W, f"W{n}:general_budget_basic_expenditure/{s}"): _BASIC_418
            for n, s in (
                ("7", "301/personnel"),
                ("7", "301/total"),
                ("7", "303/personnel"),
                ("7", "303/total"),
                *(
                    ("7", f"{c}/total~personnel+public_funds")
                    for c in "303 30302 30304 30305 30309 30311 30314 30399".split()
                ),
                ("7", "合计/total"),
                ("8", "合计/personnel"),
            )
        },
        (
            "619_dz_2017_budget_narrative_b6f1783b.docx",
            _N,
            "N2:narrative/personnel~general_budget_basic_expenditure/合计/personnel",
        ): _N418,
        **{
            (_F502, _W, f"W3:{t}/20406/{col}"): _CODE_502
            for t, col in (
                ("expenditure_summary", "basic"),
                ("expenditure_summary", "total"),
                ("general_budget_expenditure", "basic"),
                ("general_budget_expenditure", "total"),
                ("income_summary", "fiscal_appropriation"),
                ("income_summary", "subtotal"),
            )
        },
        **_sides(_F502, ("201", "204"), _SIDE_502),
        **{
            (_F548, _W, f"W3:{t}/{c}/{col}"): _ZERO_548
            for t, c, col in (
                *(
                    (t, c, col)
                    for t in ("expenditure_summary", "general_budget_expenditure")
                    for c, col in (
                        ("20103", "basic"),
                        ("20103", "project"),
                        ("20103", "total"),
                        ("20125", "project"),
                        ("20125", "total"),
                    )
                ),
                ("expenditure_summary", "合计", "basic"),
                ("expenditure_summary", "合计", "project"),
                ("expenditure_summary", "合计", "total"),
                *(
                    ("income_summary", c, col)
                    for c in ("20103", "20125", "合计")
                    for col in ("fiscal_appropriation", "subtotal")
                ),
            )
        },
        **{
            (_F548, _W, f"W{n}:general_budget_basic_expenditure/{s}"): _ZERO_548
            for n, s in (
                ("7", "301/personnel"),
                ("7", "301/total"),
                ("7", "302/public_funds"),
                ("7", "302/total"),
                ("7", "303/personnel"),
                ("7", "303/total"),
                ("7", "合计/personnel"),
                ("7", "合计/public_funds"),
                ("7", "合计/total"),
                ("8", "合计/personnel"),
                ("8", "合计/public_funds"),
            )
        },
        (
            _F548,
            _X,
            "X2:income_expenditure_summary/201/amount~expenditure_summary/total",
        ): _SIDE_548,
        **{
            (
                _F548,
                _X,
                f"X5:fiscal_appropriation_summary/{c}/general_budget~general_budget_expenditure"
                "/total",
            ): _SIDE_548
            for c in ("201", "221")
        },
    }
)

# round 9: the cells' proof of a 合计 in a table that prints no 类 row (transforms/workbook_proof):
# 548 附表3-5 (xlrd dump) 合计 C9 1061.37 / E9 167.2 over its top rows — the 项 2010301 C12 897.59
# / E12 29 and 2010399 C13 162.38 / E13 136.8 of the blank 20103 (row 11), and the 款 20125
# printed C14 0.0 / E14 blank over its 项 2012506 C15 1.4 / E15 1.4: 1059.97 and 165.8, 1.4 short
_TOP_548 = (
    "附表3-5 合计 C9 1061.37 / E9 167.2 against its top rows 897.59 + 162.38 + 0 = 1059.97 and "
    "29 + 136.8 = 165.8: 20125 (row 14) prints 0 / blank over its 项 2012506 1.4 (row 15), so "
    "the 合计 is the sum of the 项 but not of the 款 printed; every other cell of C/E under it is "
    "blank"
)
REVIEWED.update(
    {
        (_F548, _W, f"W3:general_budget_expenditure/合计/{col}"): _TOP_548
        for col in ("project", "total")
    }
)

# round 10: tables that print no unit name, joined since by a copy of their 说明 that the
# pairing set aside (companions._copies_paired): 749 (定州市妇女联合会, with 807) and 553 (定州市
# 科学技术协会, with 815). Cells read with openpyxl (749) and xlrd (553).
_F749 = "749_dz_2017_budget_tables_23f502cb.xlsx"  # 定州市妇女联合会, joined with 807
_PROJECT_749 = (
    "支出总表 Sheet3: 201 (row 8) prints 合计 D8 110.93, 基本 E8 69.93, 项目 F8 41.00; its 款 "
    "20129 (row 9) prints D9 110.93, E9 69.93 and leaves 项目 F9 blank; its 项 2012901 (row 10) "
    "D10 69.93 and 2012999 (row 11) F11 41.00 with 合计 D11 blank: the 41 of 项目 is on the 类 and "
    "the 项 but not on the 款, and the 项 add to 69.93 under the 款's 110.93"
)
_GENERAL_749 = (
    "一般公共预算支出表 Sheet5: 合计 (row 8) D8 145.18, E8 104.18, F8 41; 201 (row 9) and 20129 "
    "(row 10) print D 110.93 and E 69.93 with 项目 F9/F10 blank; the 项 2012999 (row 12) prints "
    "F12 41.00: no 类 row carries the 合计's 项目 41, and 110.93 ≠ 69.93 + blank on 201 and 20129"
)
_BASIC_749 = (
    "基本支出表 Sheet6: 合计 D5 104.18 / 人员 E5 97.08; row 7 津贴补贴 D7/E7 15.93 prints no 经济"
    "分类 code (A7 blank); the coded rows add to 88.25 (301: 31.17 + 2.60 + 9.37 + 3.65 + 0.11 = "
    "46.90; 302: 7.10; 303: 34.25), 人员 81.08 (303's E 34.18): 15.93 of the 合计 is on a row no "
    "code places, and 人员 97.08 ≠ 46.90 + 15.93 + 34.18 = 97.01 (0.07: row 18 below)"
)
_ROW_749 = (
    "基本支出表 Sheet6 row 18: 30304 年终一次性生活补助 prints 合计 D18 0.22 but 人员经费 E18 0.15 "
    "and 公用经费 F18 blank (0.07 apart); 303's rows add to 34.25 in 合计 and 34.18 in 人员"
)
_F553 = "553_dz_2017_budget_tables_1c096528.xls"  # 定州市科学技术协会, joined with 815
REVIEWED.update(
    {
        (_F749, _W, "W3:expenditure_summary/201/project"): _PROJECT_749,
        (_F749, _W, "W3:expenditure_summary/20129/total"): _PROJECT_749,
        (_F749, _W, "W3:expenditure_summary/20129/project"): _PROJECT_749,
        (_F749, _W, "W3:general_budget_expenditure/合计/project"): _GENERAL_749,
        (_F749, _W, "W3:general_budget_expenditure/20129/project"): _GENERAL_749,
        (_F749, _W, "W5:general_budget_expenditure/201/total~basic+project"): _GENERAL_749,
        (_F749, _W, "W5:general_budget_expenditure/20129/total~basic+project"): _GENERAL_749,
        (_F749, _W, "W8:general_budget_basic_expenditure/合计/personnel"): _BASIC_749,
        (_F749, _W, "W7:general_budget_basic_expenditure/合计/total"): _BASIC_749,
        (_F749, _W, "W7:general_budget_basic_expenditure/合计/personnel"): _BASIC_749,
        (
            _F749,
            _W,
            "W7:general_budget_basic_expenditure/30304/total~personnel+public_funds",
        ): _ROW_749,
        (_F749, _W, "W7:general_budget_basic_expenditure/303/total~personnel+public_funds"): (
            _ROW_749
        ),
        (
            _F553,
            _X,
            "X5:fiscal_appropriation_summary/201/general_budget~general_budget_expenditure/total",
        ): (
            "财政拨款收支总表 附表3-4 row 7 puts 151.33 on 一、一般公共服务支出 (D7, E7) and again "
            "93.91 + 47.18 + 5.02 + 5.22 = 151.33 on 206, 208, 210, 221 (D12, D14, D15, D25): its "
            "rows add to 302.66 against 合计 D31 151.33; 一般公共预算支出表 附表3-5 prints no 201 row"
        ),
    }
)


# Held half, round 10 (issue 22): the 83 warning+ flags new since round 9 (330 against 247, none
# gone), all in documents joined since: 统计局 563 + 545 (the 说明's 收入合计 477.26 = the tables'
# 本年收入) and 544 + 564 (the copy rule), 残疾人联合会 422 + 423, 杨家庄乡 578 + 579, 劳动监察大队
# 657 + 656 (their tables print no unit name). Read against the cells (xlrd/openpyxl) after the
# round-10 held figures were committed (统计局's before too: a round-9 leftover, not blind). A
# record, not a test: the held half is not tuned on. 80 true, 3 FALSE (below).
_F544 = "544_dz_2017_budget_tables_e27d553b.xls"
_F563 = "563_dz_2017_budget_tables_5d67c0c4.xls"
_CLASSES_TJ = (
    "the 类 rows add to 477.26 + 48.69 + 17.58 = 543.53 against the 合计 477.26 (基本 383.36 + "
    "48.69 + 17.58 = 449.63 against 383.36; 544's 支出总表 prints 基本 477.26 on 合计 and 201): 201 "
    "carries the whole budget and 208/221 are listed again beside it; 208 prints 48.69 over its "
    "款 20805 (66.8; 37.6 in 544's 附表3-5)"
)
_ITEMS_563 = (
    "附表3-3 row 10 / 附表3-5 row 11: 20105 prints 合计 477.26, 基本 383.36 over its 项 2010501 "
    "250.29 (基本), 2010506 7, 2010508 16.8, 2010599 70.1 (项目): 344.19 and 250.29"
)
_ITEMS_544 = (
    "附表3-3: 201 项目 F9 93.9 over 20105 F10 blank, whose 项 print 7 + 16.8 + 70.1 = 93.9; "
    "附表3-5: 201 D10 477.26 over 20105 D11 383.36 (E11 383.36, F11 blank) over 项 2010501 279.49 "
    "+ 7 + 16.8 + 70.1 = 373.39 (基本 279.49, 项目 93.9)"
)
_FISCAL_TJ = (
    "附表3-4: 本年收入合计 B29 477.26 over 一、一般公共预算财政拨款 B7 466.26 (B8, B9 blank); 本年"
    "支出合计 D29/E29 487.78 over its only row D7/E7 477.26 — the 10.52 carried over (B30) is "
    "counted in the 本年 支出; the 一般公共预算支出表 合计 is 477.26 (附表3-5 D9)"
)
_SIDE_TJ = (
    "收支总表 附表3-1 and 财政拨款收支总表 附表3-4 put the whole 477.26 on 一、一般公共服务支出 (D7) "
    "and leave 八、社会保障和就业支出 (row 14) and 十九、住房保障支出 (row 25) blank, while the 支出总表 "
    "and 一般公共预算支出表 print 208 48.69 and 221 17.58"
)
_PUBLIC_TJ = (
    "附表3-6: 302 (row 22 in 544, 24 in 563) is printed blank and named 其他对个人和家庭的补助支出; "
    "under it 30201 日常公用经费合计 26 and its own parts 0.83 + 1.52 + 0.95 + 18.3 + 2.51 + 1.89 = "
    "26: the 款 add to 52"
)
_BLANK_TOTAL_TJ = (
    "FALSE (reader): 附表3-6 prints its 合计 row 7 blank and its totals on the uncoded row below, "
    "基本支出总计 383.36 / 人员 357.36 / 公用 26 (row 8); the table's total is printed, one row "
    "down. Not fixed: no tuning workbook prints it so (557/697's 合计 row is filled)"
)
_F422 = "422_dz_2017_budget_tables_9af60006.xls"  # 定州市残疾人联合会, with 423
_CLASS_422 = (
    "附表3-7 (政府性基金) puts 132 on 2296006 用于残疾人事业彩票公益金支出 (类 229, row 10) and "
    "附表3-3 row 13 too; 附表3-4 row 14 puts the 政府性基金 132 on 八、社会保障和就业支出 (F14) and "
    "附表3-1 D14 691.96 = 559.96 + 132 on 208: the same 132 classed 229 and 208"
)
_BASIC_422 = (
    "附表3-1/3-4 put 89.47 on 201 (D7) and 3.75 on 210 (D15) where 附表3-3/3-5 print 2012901 58.45 "
    "and 2100501 3.73 (89.47 = 58.45 + 31.04, the 208 离退休 2080501); 附表3-4 E29 prints "
    "一般公共预算 656.85, 559.96 of it the 208 project rows 2081104-2081199 (附表3-3 rows 9-12), "
    "which 附表3-5 (合计 96.89, basic only) does not list"
)
_F578 = "578_dz_2017_budget_tables_b9a091e4.xls"  # 杨家庄乡, with 579
_BASIC_578 = (
    "附表3-3 row 9 / 附表3-5 row 7: 201 prints 合计 364.43 and 基本 364.43 beside 项目 11; its 款 "
    "print 基本 141.13 + 40.71 + 171.59 = 353.43 (20103 152.13 = 141.13 + 11): the 项目 11 is counted "
    "in 201's 基本 too; the 类 基本 add to 631.07 against the 合计 620.07 (E8 / D6)"
)
HELD_ROUND10 = {
    **{
        (f, _W, f"W3:{t}/{parent}/{c}"): _CLASSES_TJ
        for f in (_F544, _F563)
        for parent in ("合计", "208")
        for t, cols in (
            ("expenditure_summary", ("basic", "total")),
            ("general_budget_expenditure", ("basic", "total")),
            ("income_summary", ("fiscal_appropriation", "subtotal")),
        )
        for c in cols
    },
    **{
        (_F563, _W, f"W3:{t}/20105/{c}"): _ITEMS_563
        for t in ("expenditure_summary", "general_budget_expenditure")
        for c in ("basic", "total")
    },
    **{
        (_F544, _W, s): _ITEMS_544
        for s in (
            "W3:expenditure_summary/201/project",
            "W3:expenditure_summary/20105/project",
            "W3:general_budget_expenditure/201/project",
            "W3:general_budget_expenditure/201/total",
            "W3:general_budget_expenditure/20105/basic",
            "W3:general_budget_expenditure/20105/project",
            "W3:general_budget_expenditure/20105/total",
        )
    },
    **{
        (f, _W, f"W6:fiscal_appropriation_summary/{s}"): _FISCAL_TJ
        for f in (_F544, _F563)
        for s in (
            "expenditure/本年支出合计/general_budget",
            "expenditure/本年支出合计/total",
            "income/本年收入合计/amount",
        )
    },
    **{
        (f, _X, s): _FISCAL_TJ
        for f in (_F544, _F563)
        for s in (
            "X5:fiscal_appropriation_summary/合计/general_budget~general_budget_expenditure/total",
        )
    },
    **{
        (f, _X, s): _SIDE_TJ
        for f in (_F544, _F563)
        for s in (
            "X2:income_expenditure_summary/208/amount~expenditure_summary/total",
            "X2:income_expenditure_summary/221/amount~expenditure_summary/total",
            "X5:fiscal_appropriation_summary/208/general_budget~general_budget_expenditure/total",
            "X5:fiscal_appropriation_summary/221/general_budget~general_budget_expenditure/total",
        )
    },
    **{
        (f, _W, f"W7:general_budget_basic_expenditure/302/{c}"): _PUBLIC_TJ
        for f in (_F544, _F563)
        for c in ("public_funds", "total")
    },
    **{
        (_F544, _W, f"W7:general_budget_basic_expenditure/303/{c}"): (
            "544 附表3-6 row 15: 303 prints 66.8 over its 款 37.6 + 29.2 + 0.54 + 16.3 + 0.24 + "
            "16.3 = 100.18 (rows 16-21)"
        )
        for c in ("personnel", "total")
    },
    **{
        (f, _W, "W8:general_budget_basic_expenditure/合计/personnel"): _BLANK_TOTAL_TJ
        for f in (_F544, _F563)
    },
    (
        "564_dz_2017_budget_narrative_fa749329.doc",
        _N,
        "N2:narrative/basic~expenditure_summary/合计/basic",
    ): (
        "564 ¶11 states 基本支出383.36万元; 544's 支出总表 合计 prints 基本 477.26 (附表3-3 E8) beside "
        "项目 93.9 (F8) under a 合计 of 477.26 (D8)"
    ),
    **{
        (f, "stale_year_narrative", "narrative/income_total/11"): (
            "¶11 「2016年度我部门一般预算收入合计477.26万元」 in the 2017 说明"
        )
        for f in (
            "545_dz_2017_budget_narrative_12066852.doc",
            "564_dz_2017_budget_narrative_fa749329.doc",
        )
    },
    **{
        (_F422, _X, s): _CLASS_422
        for s in (
            "X5:fiscal_appropriation_summary/208/gov_fund~gov_fund_expenditure/total",
            "X5:fiscal_appropriation_summary/229/gov_fund~gov_fund_expenditure/total",
            "X2:income_expenditure_summary/229/amount~expenditure_summary/total",
            "X2:income_expenditure_summary/208/amount~expenditure_summary/total",
        )
    },
    **{
        (_F422, _X, s): _BASIC_422
        for s in (
            "X5:fiscal_appropriation_summary/201/general_budget~general_budget_expenditure/total",
            "X5:fiscal_appropriation_summary/210/general_budget~general_budget_expenditure/total",
            "X5:fiscal_appropriation_summary/208/general_budget~general_budget_expenditure/total",
            "X5:fiscal_appropriation_summary/合计/general_budget~general_budget_expenditure/total",
            "X2:income_expenditure_summary/201/amount~expenditure_summary/total",
            "X2:income_expenditure_summary/210/amount~expenditure_summary/total",
        )
    },
    **{
        (_F578, _W, s): _BASIC_578
        for s in (
            "W3:expenditure_summary/合计/basic",
            "W3:expenditure_summary/201/basic",
            "W3:general_budget_expenditure/合计/basic",
            "W3:general_budget_expenditure/201/basic",
            "W5:general_budget_expenditure/201/total~basic+project",
        )
    },
    **{
        (
            _F578,
            _X,
            f"X5:fiscal_appropriation_summary/{c}/general_budget~general_budget_expenditure/total",
        ): (
            "附表3-4 rows 10-12 print each 类's amount one line up: 六、科学技术 6.8 (207's, 附表3-5 "
            "row 14), 七、文化体育与传媒 65.3 (208's), 八、社会保障和就业 49.7 (210's), 九、医疗卫生 blank"
        )
        for c in ("206", "207", "208", "210")
    },
    (
        "656_dz_2017_budget_narrative_ee51e712.docx",
        _N,
        "N2:narrative/project~expenditure_summary/合计/project",
    ): (
        "FALSE (rule: narrative labels, alarms'): ¶21 states 财政拨款 556.9 spent as 人员经费 469.4, "
        "监察业务费 50, 房屋租赁费 37.5, and 罚没收入 54.66 as 日常公用经费 26.66 and 项目支出劳动监察"
        "业务费 28: the 28 is the 项目 of the 罚没收入 part only; 50 + 37.5 + 28 = 115.5, the "
        "支出总表's 项目 (657 Sheet3 F9; F11 78 + F12 37.5)"
    ),
    (_F544, "duplicate_document", "document/budget/2017"): (
        "统计局 published two different 2017 tables: 544 (附表3-3 基本 477.26) and 563 (基本 383.36); "
        "706 is 563 again"
    ),
}

# Held, found after round 10's measurement and fixed (narr11): 附表3-6's blank 合计 row over
# 基本支出总计 is no longer read as the total (transforms/workbook_reader._named_totals). 563's
# W8 人员经费 above is gone (357.36 = 301 233.79 + 303 123.57); 544's W8 人员经费 stays, now
# true; the 合计 printed one row down now meets its 类 rows, and these fire (all true, the
# cells read with xlrd). 656's N2 (above) is gone: a figure of one income source's spending
# (罚没收入…项目支出 28) is no longer labelled the department's (transforms/narrative.py).
_BASIC_TOTAL_TJ = (
    "附表3-6 row 8 基本支出总计 383.36 / 人员 357.36 / 公用 26 over 类 rows printing 301 233.79, "
    "303 66.8 in 544 (123.57 in 563) and 302 blank (row 22 / 24, its 30201 26 under it): the 类 "
    "add to 300.59 (544) / 357.36 (563), 公用 0 against 26"
)
HELD_FIXED_AFTER_ROUND10 = {
    (_F544, _W, "W8:general_budget_basic_expenditure/合计/personnel"): (
        "544 附表3-6: 合计 人员 357.36 (E8) against 301 233.79 + 303 66.8 = 300.59 (303's 款 add "
        "to 100.18)"
    ),
    **{
        (f, _W, f"W7:general_budget_basic_expenditure/合计/{c}"): _BASIC_TOTAL_TJ
        for f, cols in (
            (_F544, ("personnel", "public_funds", "total")),
            (_F563, ("public_funds", "total")),
        )
        for c in cols
    },
    **{
        (f, _W, "W8:general_budget_basic_expenditure/合计/public_funds"): _BASIC_TOTAL_TJ
        for f in (_F544, _F563)
    },
}

# Held half, round 12 (dz11; measured 02:50 UTC at a6e4b24, docs/workbooks.md "Round 12"): no
# warning+ flag is new against main's code over the same files (335 → 231, every change a flag
# of a version set aside). The versions set aside, each read against its cells afterwards:
HELD_ROUND12_NEW: dict = {}
HELD_ROUND12_VERSIONS = {
    "544 + 564": "统计局: 564 states 基本 383.36, 544 prints 477.26 (附表3-3!E8); 545 + 563 agree (383.36)",
    "746 + 747": "总工会: both 说明 agree with their tables (554), totals hold; 804 saved later (06-21)",
    "578 + 579": "杨家庄乡: 578's 201 counts 项目 11 in 基本 (2 tables' 合计 not reproduced); 782's hold",
    "410 + 651": "东留春乡: nothing else decides; 779 saved 2017-06-22 01:13, 410 2017-06-07 02:19",
    "806": "共青团: tables alone; 813 saved 2017-06-26 07:23, 806 2017-06-21 03:09",
    "430, 441": "失业保险管理中心: tables alone; 641 saved 2017-06-06 07:36, 430/441 2017-03-16 01:29",
    # found after measurement, changed by the rule's fix (a 说明 contradicting every version
    # tells none apart): 464 states 基本 6860.95 + 项目 2795.09 where 465 and 721 both print
    # 7637.55 + 1735.09 (附表2-3!E8/F8, = 9372.64): 721 + 464, the later (06-14), is loaded now
    "465": "公安局: 465 (saved 2017-03-22 11:09) set aside for 721 + 464 (2017-06-14 08:33)",
}
