"""Budget numbers of one department over the years, built bottom-up in integer hundredths of
a 万元 (one printed cent of a 万元 table) so every accounting identity holds by construction.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from budgetwatch.synth.catalogue import Kind, leaf_for, leaves_under

PERSONNEL_CODES = ("30101", "30102", "30103", "30107", "30108", "30110", "30112", "30113")
PENSION, MEDICAL = "30108", "30110"


@dataclass
class Indicator:
    level1: str
    level2: str
    level3: str
    description: str
    value_raw: str
    basis: str
    comparator: str | None = None
    number: str | None = None  # decimal text
    unit: str | None = None


@dataclass
class Project:
    code: str
    name: str
    func: str  # function-classification leaf the project is booked under
    amount: int  # hundredths of 万元
    purpose: str
    count_label: str  # the 数量指标 of the project
    count: int
    plan_variant: int = 0
    indicators: list[Indicator] = field(default_factory=list)


@dataclass
class Department:
    code: str
    region: str
    level: str
    kind: Kind
    names: dict[int, str]  # fiscal year → name printed that year
    years: list[int]  # years with a published document
    headcount: int
    retirees: int
    vehicles: int
    reception: int  # 公务接待费 of the first year; later years move by a few 分
    vehicle_op: int
    project_scale: int = 1  # big ordinary departments (hospitals, education bureaus)


@dataclass
class YearBudget:
    year: int
    econ: dict[str, int]  # 5-digit economic code → amount (basic expenditure)
    basic_by_func: dict[str, int]  # function leaf → basic amount
    projects: list[Project]
    assets: dict[str, tuple[int, int]]  # asset row → (quantity, value)
    headcount: int = 0  # 实有人数, stated in the narrative
    reception: int = 0  # 公务接待费 this year (hundredths of 万元)

    @property
    def personnel(self) -> int:
        return sum(v for c, v in self.econ.items() if not c.startswith("302"))

    @property
    def public_funds(self) -> int:
        return sum(v for c, v in self.econ.items() if c.startswith("302"))

    @property
    def basic(self) -> int:
        return sum(self.econ.values())

    @property
    def project(self) -> int:
        return sum(p.amount for p in self.projects)

    @property
    def total(self) -> int:
        return self.basic + self.project


def _pct(base: int, pct: int) -> int:
    return base * pct // 100


def _rates(dep: Department) -> random.Random:
    """The department's own per-person rates: drawn once, so its lines are sticky from year to
    year as real ones are (a line moving ×3 alone is then a finding, not noise)."""
    return random.Random(f"rates:{dep.region}:{dep.code}")


def personnel_and_public(
    dep: Department, year: int, headcount: int, rng: random.Random, reception: int = 0
) -> dict[str, int]:
    """Economic detail of the basic expenditure: salaries scale with headcount, contributions
    with the salary base, retirement pay with retirees, public funds with headcount. Each
    line is the department's own rate × staff, moved ±10 % a year."""
    infl = 100 + 3 * (year - 2020)
    h = headcount
    own = _rates(dep)

    def line(lo: int, hi: int) -> int:
        return h * own.randint(lo, hi) * rng.randint(90, 110) // 100

    econ = {
        "30101": line(300, 420) * infl // 100,
        "30102": line(60, 120),
        "30103": line(60, 100),
        "30107": line(100, 160) * infl // 100,
    }
    base = sum(econ.values())
    econ["30108"] = _pct(base, 16)
    econ["30110"] = _pct(base, 8)
    econ["30112"] = _pct(base, 1)
    econ["30113"] = _pct(base, 12)
    econ["30201"] = line(8, 16)
    econ["30205"] = line(1, 3)
    econ["30206"] = line(8, 14)
    econ["30207"] = line(5, 25)
    econ["30211"] = line(2, 6)
    econ["30213"] = line(2, 5)  # 维修（护）费 and 会议费 scale with staff
    econ["30215"] = line(1, 3)
    if reception:
        econ["30217"] = reception
    econ["30226"] = own.randint(0, 3) * 10 * h
    econ["30228"] = _pct(econ["30101"], 2)
    if dep.vehicle_op:
        econ["30231"] = dep.vehicle_op
    econ["30239"] = line(10, 30)
    econ["30299"] = line(10, 30)
    econ["30302"] = dep.retirees * own.randint(350, 450) * rng.randint(95, 105) // 100
    econ["30305"] = own.randint(0, 8) * 100
    return {c: v for c, v in sorted(econ.items()) if v > 0}


def basic_by_function(dep: Department, econ: dict[str, int]) -> dict[str, int]:
    """Pension contributions go to 2080505, medical to 21011xx, the rest to the 行政运行 leaf."""
    admin = leaf_for(dep.kind.admin_kuan, dep.kind.admin_kuan + "01")
    medical = "2101102" if dep.kind.key in ("医院", "学校") else "2101101"
    out = {
        admin: sum(v for c, v in econ.items() if c not in (PENSION, MEDICAL)),
        "2080505": econ.get(PENSION, 0),
        medical: econ.get(MEDICAL, 0),
    }
    return {c: v for c, v in sorted(out.items()) if v > 0}


def project_leaves(kind: Kind) -> list[str]:
    """Leaves a project may be booked under: 机构运行/行政运行/事业运行 are basic-expenditure items."""
    out = []
    for kuan in kind.project_kuan:
        leaves = [c for c in leaves_under(kuan) if len(c) == 5 or c[-2:] not in ("01", "50")]
        out.extend(leaves or leaves_under(kuan))
    return out
