"""Classification catalogues and department-kind profiles used by the generator.

The CSVs in synth/data are trimmed copies of the shared reference catalogues (the project
never reads ../shared at run time).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

DATA = Path(str(files("budgetwatch.synth") / "data"))


@lru_cache(maxsize=None)
def function_names() -> dict[str, str]:
    with open(DATA / "function_2024.csv", encoding="utf-8") as f:
        return {r["code"]: r["name"] for r in csv.DictReader(f)}


@lru_cache(maxsize=None)
def economic_names() -> dict[str, str]:
    with open(DATA / "economic_2024.csv", encoding="utf-8") as f:
        return {r["code"]: r["name"] for r in csv.DictReader(f)}


@lru_cache(maxsize=None)
def summary_rows() -> list[tuple[int, str, str]]:
    """(ordinal, printed label, 类 code) of the 31 rows of 收支总表 / 财政拨款收支总表."""
    with open(DATA / "summary_rows_2024.csv", encoding="utf-8") as f:
        return [
            (int(r["ordinal"]), r["label_as_printed"], r["function_class_code"])
            for r in csv.DictReader(f)
        ]


@lru_cache(maxsize=None)
def leaves_under(kuan: str) -> tuple[str, ...]:
    """The 项 codes of a 款; the 款 itself when the catalogue lists no 项 for it."""
    names = function_names()
    xiang = tuple(sorted(c for c in names if len(c) == 7 and c.startswith(kuan)))
    return xiang or (kuan,)


def leaf_for(kuan: str, prefer: str) -> str:
    """`prefer` (a 项 code) when the catalogue has it, else the 款's first leaf."""
    leaves = leaves_under(kuan)
    return prefer if prefer in leaves else leaves[0]


@dataclass(frozen=True)
class Kind:
    key: str
    suffix_county: str
    suffix_city: str
    admin_kuan: str  # 款 whose 行政运行 (or the 款 itself) carries the basic expenditure
    project_kuan: tuple[str, ...]  # 款 the department's projects are booked under
    topic: str  # what its indicators talk about
    count_unit: str  # unit of the 数量指标 count


KINDS: tuple[Kind, ...] = (
    Kind("教育", "教育局", "教育局", "20501", ("20502", "20503", "20507", "20508"), "学校", "所"),
    Kind(
        "卫生健康",
        "卫生健康局",
        "卫生健康委员会",
        "21001",
        ("21003", "21004", "21007", "21018"),
        "医疗机构",
        "家",
    ),
    Kind("农业农村", "农业农村局", "农业农村局", "21301", ("21303", "21305", "21307"), "村", "个"),
    Kind("公安", "公安局", "公安局", "20402", ("20402", "20499"), "警务站", "个"),
    Kind(
        "人社",
        "人力资源和社会保障局",
        "人力资源和社会保障局",
        "20801",
        ("20801",),
        "就业人员",
        "人",
    ),
    Kind("交通", "交通运输局", "交通运输局", "21401", ("21401", "21499"), "公路", "公里"),
    Kind(
        "科工",
        "科学技术和工业信息化局",
        "科学技术局",
        "20601",
        ("20604", "20607", "20699", "21505"),
        "企业",
        "家",
    ),
    Kind(
        "文旅",
        "文化广电和旅游局",
        "文化广电和旅游局",
        "20701",
        ("20701", "20702", "20703"),
        "文化活动",
        "场",
    ),
    Kind("医院", "人民医院", "第一医院", "21002", ("21002", "21004"), "就诊人次", "万人次"),
    Kind("学校", "第一中学", "第二中学", "20502", ("20502", "20508"), "学生", "人"),
)

KIND_BY_KEY = {k.key: k for k in KINDS}

# Counties/districts (county level) and prefecture cities (city level) of 河北, like the sample.
COUNTIES = (
    "赵县",
    "元氏县",
    "正定县",
    "栾城区",
    "井陉县",
    "行唐县",
    "灵寿县",
    "高邑县",
    "深泽县",
    "赞皇县",
    "无极县",
    "平山县",
    "藁城区",
    "鹿泉区",
    "临城县",
    "内丘县",
    "柏乡县",
    "隆尧县",
    "宁晋县",
    "巨鹿县",
    "新河县",
    "广宗县",
    "平乡县",
    "威县",
    "清河县",
    "临西县",
    "任泽区",
    "南和区",
    "涞水县",
    "阜平县",
    "定兴县",
    "唐县",
    "高阳县",
    "容城县",
    "涞源县",
    "望都县",
    "安新县",
    "易县",
    "曲阳县",
    "蠡县",
    "顺平县",
    "博野县",
    "雄县",
    "临漳县",
    "成安县",
    "大名县",
    "涉县",
    "磁县",
    "邱县",
    "鸡泽县",
    "广平县",
    "馆陶县",
    "魏县",
    "曲周县",
)
CITIES = (
    "石家庄市",
    "邢台市",
    "保定市",
    "邯郸市",
    "衡水市",
    "沧州市",
    "廊坊市",
    "唐山市",
    "承德市",
)
REGIONS: tuple[tuple[str, str], ...] = tuple(
    (r, "city" if r in CITIES else "county")
    for pair in zip(COUNTIES, CITIES + COUNTIES[len(CITIES) :])
    for r in dict.fromkeys(pair)
)
# Kinds with many units per region: extra names once the first unit of the kind exists.
MORE_UNITS = {
    "学校": tuple(f"第{n}中学" for n in "一二三四五六七八九十")
    + tuple(f"第{n}小学" for n in "一二三四五六七八九十")
    + ("实验小学", "实验中学"),
    "医院": ("人民医院", "中医医院", "妇幼保健院", "第二人民医院", "第三人民医院"),
}

# Renamed departments keep their code; the new suffix replaces the old from the rename year.
RENAMES = {"农业农村": "农业农村和水利局", "文旅": "文化和旅游局", "交通": "交通运输和物流局"}
