"""The HTML report opened in headless Chromium: no console errors, deliveries and pairs render, filter works."""

from __future__ import annotations

import os
import re
import shutil

import pytest
from conftest import run_cli, samples_report

import analyzer
from analyzer.report.writers.html_writer import highlight

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--window-size=1280,1600",
)


def test_highlight_marks_glossary_before_readings_and_escapes():
    html = highlight("<b>眼睛位置</b>", [("眼睛", "gloss"), ("位置", "reading"), ("睛位", "reading")])
    assert html == '&lt;b&gt;<mark class="gloss">眼睛</mark><mark class="reading">位置</mark>&lt;/b&gt;'


def test_html_is_self_contained(tmp_path):
    target = tmp_path / "report.html"
    assert run_cli("scan", "samples/", "--format", "html", "-o", str(target)).returncode == 1
    page = target.read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page), "the page must not fetch anything"
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert page.count('class="pair"') == analyzer.scan(["samples"]).summary()["pairs"]


@pytest.fixture
def browser(tmp_path):
    if not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)):
        pytest.skip("chromium and chromium-driver are not installed (make test installs them)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path / 'chromium-profile'}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def test_html_report_renders_in_chromium(tmp_path, browser):
    from selenium.webdriver.common.by import By

    target = tmp_path / "report.html"
    assert run_cli("scan", "samples/", "--format", "html", "-o", str(target)).returncode == 1
    summary = samples_report()["summary"]
    expected_pairs, expected_findings = summary["pairs"], sum(summary["findings_by_rule"].values())
    assert expected_pairs >= 10
    browser.get(target.as_uri())
    deliveries = browser.find_elements(By.CSS_SELECTOR, "#deliveries tbody tr")
    assert len(deliveries) == len(summary["deliveries"]) >= 3
    cards = browser.find_element(By.ID, "summary")
    findings_table = browser.find_element(By.ID, "findings")
    for row, d in zip(deliveries, summary["deliveries"], strict=True):
        assert row.is_displayed()
        assert cards.location["y"] < row.location["y"] < findings_table.location["y"]  # after the summary cards
        cells = [cell.text for cell in row.find_elements(By.TAG_NAME, "td")]
        counts = [str(d[k]) for k in ("files", "comments", "pairs", "findings")]
        assert cells[:6] == [d["delivery"], *counts, d["highest_severity"] or "-"]
        assert cells[6] == (d["strongest"]["rule"] if d["strongest"] else "-")
    pairs = browser.find_elements(By.CSS_SELECTOR, "#pairs .pair")
    assert len(pairs) == expected_pairs
    for pair in pairs:
        zh, ko = pair.find_element(By.CSS_SELECTOR, ".side.zh"), pair.find_element(By.CSS_SELECTOR, ".side.ko")
        assert zh.is_displayed() and ko.is_displayed()
        assert zh.location["y"] == ko.location["y"] and zh.location["x"] < ko.location["x"]  # side by side
    sidecar = next(p for p in pairs if "c010_zh.txt" in p.text)
    marks = [m.text for m in sidecar.find_elements(By.CSS_SELECTOR, ".side mark.gloss")]
    assert "口型" in marks and "입모양" in marks
    rows = browser.find_elements(By.CSS_SELECTOR, "#findings tbody tr")
    assert len(rows) == expected_findings
    browser.find_element(By.ID, "filter-text").send_keys("c010")
    visible = [r for r in rows if r.is_displayed()]
    assert len(visible) == 1 and "c010_zh.txt" in visible[0].text
    assert browser.find_element(By.ID, "shown").text == f"1 of {expected_findings} shown"
    errors = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    assert errors == []
    screenshot = tmp_path / "report.png"
    browser.find_element(By.ID, "filter-text").clear()
    assert browser.save_screenshot(str(screenshot))
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
