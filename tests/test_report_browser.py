"""The HTML report in a real headless browser (Debian's chromium through chromedriver and
Selenium), from file:// with name resolution switched off: the charts and tables render with
their Chinese text, the department named with a script tag shows it as text (no alert), the
flag filters work, and a screenshot is kept.

Install what it needs with `.ci/install-browser` (root; the README's test command and CI run
it). Without a browser the test skips, except under CI (CI=true), where it fails: a browser
test that skips in CI tests nothing.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import polars as pl
import pytest

from budgetwatch.outputs.report import page_name, write_report
from budgetwatch.store import Store
from tests.report_corpus import HOSTILE, hostile_flags, named_documents, report_store

pytestmark = pytest.mark.slow  # a headless browser: not in the quick loop
BROWSERS = ("chromium", "chromium-browser", "google-chrome")
# REPORT_SCREENSHOT=docs/img/report.png refreshes the screenshot of docs/report.md
SCREENSHOT_ENV = "REPORT_SCREENSHOT"

# Draws a character in the page's font: without a CJK font every character is the same
# missing-glyph box, so two different characters drawing the same pixels means tofu.
GLYPH_JS = """
function px(ch){const c=document.createElement('canvas');c.width=c.height=40;
const x=c.getContext('2d');x.font='32px '+getComputedStyle(document.body).fontFamily;
x.fillText(ch,2,34);return x.getImageData(0,0,40,40).data.join(',')}
return px('部')!==px('门') && px('门')!==px('费');
"""
# every chart drawn with a size, and the number of its bars/dots drawn with one
CHARTS_JS = """
return [...document.querySelectorAll('svg.chart')].map(s=>{const b=s.getBoundingClientRect();
return [b.width>0&&b.height>0,[...s.querySelectorAll('rect,circle,polygon')]
.filter(e=>{const r=e.getBoundingClientRect();return r.width>0&&r.height>0}).length]})
"""


@pytest.fixture(scope="module")
def driver():
    binary = next((p for p in map(shutil.which, BROWSERS) if p), None)
    chromedriver = shutil.which("chromedriver")
    if not (binary and chromedriver):
        message = "no chromium/chromedriver: run .ci/install-browser (as root)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = binary
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=1200,1500",
        "--lang=zh-CN",
        # no network: every host name fails to resolve
        "--host-resolver-rules=MAP * ~NOTFOUND",
    ):
        options.add_argument(arg)
    d = webdriver.Chrome(options=options, service=Service(chromedriver))
    yield d
    d.quit()


@pytest.fixture(scope="module")
def site(tmp_path_factory, settings):
    store_dir = report_store(tmp_path_factory, settings)
    return store_dir, write_report(store_dir, tmp_path_factory.mktemp("site"))


def no_alert(driver) -> bool:
    from selenium.common.exceptions import NoAlertPresentException

    try:
        text = driver.switch_to.alert.text
    except NoAlertPresentException:
        return True
    raise AssertionError(f"an alert opened: {text}")


def shown_rows(driver) -> int:
    return driver.execute_script(
        "return [...document.querySelectorAll('#flags tbody tr')].filter(r=>!r.hidden).length"
    )


def test_index_renders_with_chinese_text(driver, site):
    from selenium.webdriver.common.by import By

    store_dir, index = site
    driver.get(index.as_uri())
    assert no_alert(driver)
    assert "部门预算问题报告" in driver.find_element(By.TAG_NAME, "h1").text
    assert driver.execute_script(GLYPH_JS), "Chinese text renders as missing-glyph boxes"
    rows = driver.find_elements(By.CSS_SELECTOR, "#departments tbody tr")
    assert len(rows) == named_documents(store_dir)["key"].n_unique()
    header = driver.find_element(By.CSS_SELECTOR, "#departments thead").text
    assert "未处理严重" in header and "open_critical" in header
    charts = driver.execute_script(CHARTS_JS)
    assert charts and all(drawn and bars > 0 for drawn, bars in charts)
    # nothing was fetched but the page itself
    assert (
        driver.execute_script("return performance.getEntriesByType('resource').map(e=>e.name)")
        == []
    )


def test_department_page_two_clicks_away_with_charts_and_flags(driver, site):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    store_dir, index = site
    driver.get(index.as_uri())
    driver.find_element(By.LINK_TEXT, HOSTILE).click()  # the name, shown as text
    assert no_alert(driver)
    assert driver.find_element(By.TAG_NAME, "h1").text == HOSTILE
    charts = driver.execute_script(CHARTS_JS)
    assert len(charts) == 6 and all(drawn and bars > 0 for drawn, bars in charts)
    captions = driver.find_elements(By.TAG_NAME, "figcaption")
    assert "基本支出与项目支出 basic vs project" in [c.text for c in captions]
    assert driver.execute_script(GLYPH_JS)
    flags = hostile_flags(store_dir)
    assert shown_rows(driver) == flags.height
    Select(driver.find_element(By.NAME, "severity")).select_by_value("critical")
    assert shown_rows(driver) == flags.filter(pl.col("severity") == "critical").height
    Select(driver.find_element(By.NAME, "state")).select_by_value("open")
    assert shown_rows(driver) == flags.filter(pl.col("severity") == "critical").height - 1
    Select(driver.find_element(By.NAME, "severity")).select_by_value("")
    Select(driver.find_element(By.NAME, "new")).select_by_value("yes")
    assert shown_rows(driver) == 3  # tests/report_corpus.py: three new info flags, all open


def test_screenshot_of_a_generated_department(driver, site, tmp_path):
    """Department 350 of the generated corpus: three years that differ, and peers."""
    from selenium.webdriver.common.by import By

    store_dir, index = site
    key = named_documents(store_dir).filter(
        (pl.col("department_code") == "350") & (pl.col("region") == "赵县")
    )["key"][0]
    driver.get((index.parent / "dept" / page_name(key)).as_uri())
    assert driver.find_element(By.TAG_NAME, "h1").text == "赵县科学技术和工业信息化局"
    charts = driver.execute_script(CHARTS_JS)
    assert len(charts) == 6 and all(drawn and bars > 0 for drawn, bars in charts)
    shot = tmp_path / "report.png"
    assert driver.save_screenshot(str(shot)) and shot.stat().st_size > 20_000
    if os.environ.get(SCREENSHOT_ENV):
        Path(os.environ[SCREENSHOT_ENV]).write_bytes(shot.read_bytes())


def test_flag_list_filters_by_kind_and_year(driver, site):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    store_dir, index = site
    driver.get((index.parent / "flags.html").as_uri())
    flags = Store(store_dir).read("flags")
    assert shown_rows(driver) == flags.height
    Select(driver.find_element(By.NAME, "kind")).select_by_value("project_sum_mismatch")
    Select(driver.find_element(By.NAME, "year")).select_by_value("2024")
    expected = flags.filter(
        (pl.col("kind") == "project_sum_mismatch") & (pl.col("fiscal_year") == 2024)
    ).height
    assert expected > 0 and shown_rows(driver) == expected
    assert driver.find_element(By.ID, "shown").text == str(expected)
    row = next(
        r for r in driver.find_elements(By.CSS_SELECTOR, "#flags tbody tr") if r.is_displayed()
    )
    assert "项目合计不符" in row.text and "p. " in row.text
