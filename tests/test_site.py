"""The data portal: generated from the committed releases and driven in headless Chromium.

The browser tests need /usr/bin/chromium and /usr/bin/chromedriver (installed by .ci/run
from Debian's packages); Selenium is pointed at them so Selenium Manager downloads nothing.
"""
from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import unquote, urlparse

import pandas as pd
import pytest

import relations_data as rd
from relations_data.loader import get_release
from relations_data.site import generate
import importlib

generate_module = importlib.import_module("relations_data.site.generate")
changes = generate_module.changes

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    generate(out, None, ROOT / "raw")
    return out


def test_every_table_has_a_page_codebook_and_downloads(site):
    for table in rd.tables():
        assert (site / "tables" / f"{table}.html").is_file()
        assert (site / "codebook" / f"{table}.html").is_file()
        assert (site / "downloads" / f"{table}.parquet").is_file()
        assert any((site / "downloads").glob(f"{table}.csv*"))


def test_every_record_has_a_page_with_its_quotes(site):
    """Every record of a table small enough for a page per record (not the 1.8 million
    imported trade ranks: test_large_tables_get_no_page_per_record)."""
    evidence = rd.load("evidence")
    small = [t for t in rd.tables() if t != "evidence" and "record_id" in rd.codebook(t)["column"].tolist()
             and get_release().table_entry(t)["rows"] <= generate_module.MAX_RECORD_PAGES]
    assert "decertifications" in small
    mine = evidence[evidence["table_name"].isin(small)]
    assert len(mine)
    for record_id, group in mine.groupby("record_id"):
        page = (site / "records" / f"{record_id}.html").read_text(encoding="utf-8")
        for quote in group["quote"].dropna():
            assert _html_escape(quote) in page


def _html_escape(text: str) -> str:
    from markupsafe import escape

    return str(escape(text))


def test_a_page_embeds_at_most_max_rows(tmp_path, monkeypatch):
    monkeypatch.setattr(generate_module, "MAX_ROWS", 3)
    generate_module.generate(tmp_path, None)
    page = (tmp_path / "tables" / "evidence.html").read_text(encoding="utf-8")
    body = page.split('<table class="data sortable" id="rows">')[1].split("</table>")[0]
    assert body.count("<tr>") == 1 + 3  # header row and three data rows
    assert f"Showing the first 3 of {len(rd.load('evidence'))} rows" in page


def test_large_tables_get_no_page_per_record(tmp_path, monkeypatch):
    monkeypatch.setattr(generate_module, "MAX_RECORD_PAGES", 20)
    generate_module.generate(tmp_path, None)
    rows = {t: get_release().table_entry(t)["rows"] for t in rd.tables()
            if t != "evidence" and "record_id" in rd.codebook(t)["column"].tolist()}
    big_tables = [t for t, n in rows.items() if n > 20]
    small_tables = [t for t, n in rows.items() if 0 < n <= 20]
    assert "coca_cultivation" in big_tables and small_tables
    for table in big_tables:
        assert not any((tmp_path / "records" / f"{r}.html").exists() for r in rd.load(table)["record_id"])
        assert "too large for a page per record" in (tmp_path / "tables" / f"{table}.html").read_text(encoding="utf-8")
    for table in small_tables:
        assert all((tmp_path / "records" / f"{r}.html").exists() for r in rd.load(table)["record_id"])


@pytest.mark.parametrize("old,new", [("1.0.0", "1.1.0"), ("1.1.0", "1.2.0")])
def test_changes_match_set_differences_of_keys(old, new):
    if not {old, new} <= set(rd.versions()):
        pytest.skip(f"releases {old} and {new} not both present")
    for entry in changes(new, old):
        a, b = rd.load(entry["table"], old), rd.load(entry["table"], new)
        key = entry["key"]
        assert entry["added"] == sorted(set(b[key]) - set(a[key]))
        assert entry["removed"] == sorted(set(a[key]) - set(b[key]))
        # changed: recomputed row by row from the two releases' CSV text
        shared = [c for c in b.columns if c in a.columns and c != key]
        ca = pd.read_csv(get_release(old).path / "csv" / f"{entry['table']}.csv", dtype=str, keep_default_na=False).set_index(key)
        cb = pd.read_csv(get_release(new).path / "csv" / f"{entry['table']}.csv", dtype=str, keep_default_na=False).set_index(key)
        expected = sorted(k for k in set(ca.index) & set(cb.index) if any(ca.at[k, c] != cb.at[k, c] for c in shared))
        assert [k for k, _ in entry["changed"]] == expected


def test_cli_site_writes_the_portal(tmp_path):
    from click.testing import CliRunner

    from relations_data.cli import cli

    result = CliRunner().invoke(cli, ["site", "--out", str(tmp_path / "portal")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "portal" / "index.html").is_file()


# ---------------------------------------------------------------------------------------
# In a real browser.

@pytest.fixture(scope="module")
def browser():
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        pytest.skip("Chromium not installed (apt-get install chromium chromium-driver; .ci/run does)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=390,844",
                "--allow-file-access-from-files"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    yield driver
    driver.quit()


def _requests(driver) -> list[str]:
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def _pages(site: Path) -> dict[str, Path]:
    """One page of each type."""
    record = sorted((site / "records").glob("*.html"))[0]
    reporter = sorted((site / "tables" / "trade_partner_ranks").glob("*.html"))[0]
    return {"home": site / "index.html", "table": site / "tables" / "coca_cultivation.html",
            "grid": site / "tables" / "decertifications.html",
            "timeline": site / "tables" / "tariff_threats.html", "reporter": reporter,
            "record": record, "codebook": site / "codebook" / "evidence.html"}


CHARTED = {"table", "grid", "timeline", "reporter"}


@pytest.mark.parametrize("kind", ["home", "table", "grid", "timeline", "reporter", "record", "codebook"])
def test_page_renders_locally_and_fits_a_phone(browser, site, kind):
    page = _pages(site)[kind]
    browser.get_log("performance")  # drop earlier pages' entries
    browser.get(page.as_uri())
    assert browser.find_element("tag name", "h1").text
    if kind in CHARTED:
        svg = browser.find_element("css selector", "svg.chart")
        assert svg.size["width"] > 100 and svg.size["height"] > 50
        assert browser.execute_script("return arguments[0].querySelectorAll('circle,rect,polyline').length", svg) > 0
    # Readable at phone width: the page itself never scrolls sideways (wide tables scroll in their box).
    assert browser.execute_script("return document.documentElement.scrollWidth <= window.innerWidth + 1")
    urls = _requests(browser)
    assert urls
    site_uri = site.as_uri()
    assert all(url.startswith(site_uri + "/") for url in urls), [u for u in urls if not u.startswith(site_uri)]


def test_every_download_matches_the_release(browser, site):
    checked = set()
    for table in rd.tables():
        browser.get((site / "tables" / f"{table}.html").as_uri())
        expected = rd.load(table)
        for link in browser.find_elements("css selector", "a.download"):
            path = Path(unquote(urlparse(link.get_attribute("href")).path))
            assert path.is_file() and site in path.parents
            frame = pd.read_parquet(path) if path.suffix == ".parquet" else pd.read_csv(path, keep_default_na=False)
            assert len(frame) == len(expected) and list(frame.columns) == list(expected.columns)
            key = expected.columns[0]
            assert sorted(frame[key].astype(str)) == sorted(expected[key].astype(str))
            checked.add((table, link.get_attribute("data-format")))
    assert len(checked) == 2 * len(rd.tables())


def test_filter_and_sort_work(browser, site):
    browser.get((site / "tables" / "evidence.html").as_uri())
    rows = lambda: browser.execute_script(
        "return Array.from(document.querySelectorAll('#rows tbody tr')).filter(r => r.style.display !== 'none')"
        ".map(r => r.cells[0].textContent)")
    everything = rows()
    target = everything[-1]
    box = browser.find_element("css selector", "input.filter")
    box.send_keys(target)
    assert rows() == [target]
    box.clear()
    box.send_keys(" ")  # fires input; a space matches every row's text
    browser.execute_script("arguments[0].value=''; arguments[0].dispatchEvent(new Event('input'))", box)
    assert len(rows()) == len(everything)
    browser.find_element("css selector", "#rows th").click()
    assert rows() == sorted(everything, key=str)


def test_big_csv_downloads_are_gzipped_and_say_how_to_open(tmp_path, monkeypatch):
    monkeypatch.setattr(generate_module, "GZIP_BYTES", 1000)
    generate_module.generate(tmp_path, None)
    page = (tmp_path / "tables" / "evidence.html").read_text(encoding="utf-8")
    assert 'href="../downloads/evidence.csv.gz"' in page and "gunzip evidence.csv.gz" in page
    assert len(pd.read_csv(tmp_path / "downloads" / "evidence.csv.gz")) == len(rd.load("evidence"))


def test_site_without_its_extra_names_the_extra(tmp_path, monkeypatch):
    import sys

    from click.testing import CliRunner

    from relations_data.cli import cli

    monkeypatch.setitem(sys.modules, "jinja2", None)  # import jinja2 now raises ImportError
    for name in [m for m in sys.modules if m.startswith("relations_data.site")]:
        monkeypatch.delitem(sys.modules, name)
    result = CliRunner().invoke(cli, ["site", "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output.strip() == "error: the site needs jinja2: pip install 'relations-data[site]'"
