"""The page in real headless Chromium (Debian's ``chromium`` and
``chromium-driver``, driven by Selenium; nothing is downloaded): the seed's
dots at Deir ez-Zor, an event's evidence highlighted in its source, a
correction refused without the token and kept with it, and a hostile article
shown without anything in it running. Screenshots go to the test's tmp folder.

Skipped only when Chromium is absent outside CI; in CI (``CI=true``) a
missing browser fails the run (``tools/system-deps.sh`` installs it).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sitrep.api import ReadOptions, Sitrep
from tests.web.conftest import DEIR_EZ_ZOR, copy_store

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver") or (
    "/usr/bin/chromedriver" if Path("/usr/bin/chromedriver").exists() else None
)
if not (CHROMIUM and CHROMEDRIVER):
    if os.environ.get("CI") == "true":
        pytest.fail(
            "CI=true but Debian's chromium / chromium-driver are missing: "
            "tools/system-deps.sh should have installed them",
            pytrace=False,
        )
    pytest.skip(
        "Chromium and chromedriver are not installed (apt-get install chromium chromium-driver, "
        "or bash tools/system-deps.sh)",
        allow_module_level=True,
    )

from selenium import webdriver  # noqa: E402
from selenium.common.exceptions import (  # noqa: E402
    NoAlertPresentException,
    StaleElementReferenceException,
)
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.remote.webdriver import WebDriver  # noqa: E402
from selenium.webdriver.support import expected_conditions as ready  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

HOSTILE_TITLE = '<script>window.__pwned = "title"</script><img src=x onerror="window.__pwned=1">'
HOSTILE_TEXT = (
    "An air strike killed five civilians in the city of Idlib on Monday, the Syrian "
    "Observatory for Human Rights said. <script>window.__pwned = 'text'; alert(1)</script> "
    'Witnesses <img src=x onerror="window.__pwned=2;alert(2)"> described the '
    '<a href="javascript:window.__pwned=3">attack</a> on the market. '
    '<svg onload="window.__pwned=4"></svg> Rescue workers searched the rubble.'
)


@pytest.fixture(scope="module")
def served(
    run_store: Path, tmp_path_factory: pytest.TempPathFactory, sitrep: Sitrep
) -> Iterator[dict[str, Any]]:
    """`sitrep serve` in a subprocess on a free loopback port, over a copy of
    the run store plus one hostile article."""
    folder = tmp_path_factory.mktemp("served")
    database = copy_store(run_store, folder)
    hostile = folder / "hostile.jsonl"
    record = {
        "title": HOSTILE_TITLE,
        "text": HOSTILE_TEXT,
        "url": "javascript:window.__pwned=5",
        "source": "<b onmouseover=alert(3)>Outlet</b>",
        "published": "2020-03-02",
    }
    hostile.write_text(json.dumps(record) + "\n", encoding="utf-8")
    summary = sitrep.ingest([hostile], ReadOptions(), database=str(database))
    assert summary.stored == 1, summary
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = (folder / "serve.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "sitrep.cli", "serve", "--db", str(database), "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(base + "/api/v1/facets", timeout=1)
                break
            except OSError:
                assert process.poll() is None, (folder / "serve.log").read_text()
                time.sleep(0.2)
        token = Path(f"{database}.token").read_text(encoding="utf-8").strip()
        # Printed once, on the first run, with where it is kept.
        assert token in (folder / "serve.log").read_text()
        yield {"base": base, "token": token, "folder": folder}
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


def get(served: dict[str, Any], path: str) -> Any:
    """JSON from the running server."""
    with urllib.request.urlopen(served["base"] + path, timeout=10) as response:
        return json.load(response)


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[WebDriver]:
    """Headless Chromium from Debian's package."""
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--window-size=1400,900",
        f"--user-data-dir={tmp_path / 'profile'}",
    ):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


def wait(driver: WebDriver, seconds: float = 15) -> WebDriverWait[WebDriver]:
    """A wait for the page's asynchronous loads."""
    return WebDriverWait(driver, seconds)


def open_page(driver: WebDriver, served: dict[str, Any], query: str = "") -> None:
    """Load the page and wait until its first data is drawn."""
    driver.get(served["base"] + "/" + query)
    wait(driver).until(lambda d: d.execute_script("return document.body.dataset.ready"))


def dots(driver: WebDriver) -> list[Any]:
    """The event dots on the map (clusters opened)."""
    return driver.find_elements(By.CSS_SELECTOR, ".sitrep-dot")


def test_seed_dots_evidence_and_a_kept_correction(
    browser: WebDriver, served: dict[str, Any], tmp_path: Path
) -> None:
    expected = get(served, "/api/v1/events?admin1=Deir-ez-Zor&limit=100")
    assert expected["total"] >= 3
    # GeoNames' spelling in the URL (links made before schema 1.2) still filters.
    open_page(browser, served, "?admin1=Deir%20ez-Zor")
    # Events at one place cluster; a click on the cluster spreads them out.
    for _ in range(5):
        if len(dots(browser)) >= expected["total"]:
            break
        clusters = browser.find_elements(By.CSS_SELECTOR, ".marker-cluster")
        try:
            if clusters:
                clusters[0].click()
        except StaleElementReferenceException:
            pass  # the map redrew its clusters meanwhile: look again
        time.sleep(0.8)
    found = dots(browser)
    assert len(found) == expected["total"]
    for dot in found:
        assert abs(float(dot.get_attribute("data-lat")) - DEIR_EZ_ZOR[0]) < 0.2
        assert abs(float(dot.get_attribute("data-lon")) - DEIR_EZ_ZOR[1]) < 0.2
    browser.save_screenshot(str(tmp_path / "1-deir-ez-zor-dots.png"))

    ActionChains(browser).move_to_element(found[0]).click().perform()
    panel = wait(browser).until(ready.visibility_of_element_located((By.ID, "detail")))
    wait(browser).until(lambda d: d.find_elements(By.CSS_SELECTOR, "mark.evidence"))
    event_id = panel.get_attribute("data-event-id")
    assert event_id == found[0].get_attribute("data-event-id")
    event = get(served, f"/api/v1/events/{event_id}")["event"]
    marked = [m.text.strip() for m in browser.find_elements(By.CSS_SELECTOR, "mark.evidence")]
    assert any(span["text"].strip() in marked for span in event["evidence"]), marked
    browser.save_screenshot(str(tmp_path / "2-evidence.png"))

    form = browser.find_element(By.ID, "edit-form")
    fatalities = form.find_element(By.NAME, "fatalities")
    new_value = str(event["fatalities"] + 3)
    fatalities.clear()
    fatalities.send_keys(new_value)
    form.find_element(By.NAME, "token").clear()
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    status = browser.find_element(By.ID, "edit-status")
    wait(browser).until(lambda _d: "E042" in status.text)
    assert get(served, f"/api/v1/events/{event_id}/corrections") == []
    browser.save_screenshot(str(tmp_path / "3-refused-without-token.png"))

    form.find_element(By.NAME, "author").clear()
    form.find_element(By.NAME, "author").send_keys("Browser test")
    form.find_element(By.NAME, "token").send_keys(served["token"])
    form.find_element(By.NAME, "fatalities").clear()
    form.find_element(By.NAME, "fatalities").send_keys(new_value)
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait(browser).until(lambda _d: "Saved" in browser.find_element(By.ID, "edit-status").text)
    (correction,) = get(served, f"/api/v1/events/{event_id}/corrections")
    assert (correction["field"], correction["new"], correction["author"]) == (
        "fatalities", int(new_value), "Browser test",
    )  # fmt: skip

    browser.refresh()  # the address keeps the filters and the open event
    wait(browser).until(lambda d: d.find_elements(By.ID, "flag-corrected"))
    shown = browser.find_element(By.CSS_SELECTOR, "dd[data-field=fatalities]").text
    assert shown.startswith(new_value)
    assert "Browser test" in browser.find_element(By.ID, "detail-corrections").text
    row = browser.find_element(By.CSS_SELECTOR, f"tr[data-event-id='{event_id}']")
    assert row.find_elements(By.TAG_NAME, "td")[7].text == new_value
    browser.save_screenshot(str(tmp_path / "4-kept-after-reload.png"))


#: A point of the map where the element on top is the one selected by
#: arguments[0] (not a marker or a label over it), as an offset in pixels
#: from the map's centre (Selenium's origin for offsets); null if none.
POINT_ON = """
const target = document.querySelector(arguments[0]);
if (!target) return null;
const r = target.getBoundingClientRect();
const m = document.getElementById("map").getBoundingClientRect();
const left = Math.max(r.left, m.left), right = Math.min(r.right, m.right);
const top = Math.max(r.top, m.top), bottom = Math.min(r.bottom, m.bottom);
for (let y = top + 3; y < bottom; y += 6)
  for (let x = left + 3; x < right; x += 6)
    if (document.elementFromPoint(x, y) === target)
      return [Math.round(x - (m.left + m.width / 2)), Math.round(y - (m.top + m.height / 2))];
return null;
"""
ADMIN1 = ".leaflet-admin1-pane path.admin1-unit"
DEIR_EZ_ZOR_UNIT = f"{ADMIN1}[data-admin1='Deir-ez-Zor']"


def test_admin1_units_drawn_named_and_picked_when_zoomed_in(
    browser: WebDriver, served: dict[str, Any], tmp_path: Path
) -> None:
    # Syria's events (Deir ez-Zor, and the hostile article's Idlib) fill the
    # view at about zoom 6: close enough for the admin-1 layer.
    open_page(browser, served, "?country=Syria")
    wait(browser).until(lambda d: d.find_elements(By.CSS_SELECTOR, DEIR_EZ_ZOR_UNIT))
    # Read in one script, not element by element: Leaflet redraws the layer
    # while the view settles, which would leave element handles stale.
    units_js = (
        f"return [...document.querySelectorAll(\"{ADMIN1}[data-country='SYR']\")]"
        ".map(u => [u.dataset.admin1, (u.getAttribute('d') || '').length])"
    )
    wait(browser).until(lambda d: len(d.execute_script(units_js)) >= 14)
    # Leaflet leaves units out of view with an empty outline.
    wanted = {"Deir-ez-Zor", "Idleb", "Ar-Raqqa", "Aleppo"}
    wait(browser).until(
        lambda d: wanted <= {name for name, length in d.execute_script(units_js) if length > 20}
    )
    # The 1:110m land gives way to the 1:10m units; the units that hold
    # events are tinted (the store's admin1 names are ACLED-style, as the units').
    assert not browser.find_elements(By.CSS_SELECTOR, ".leaflet-land-pane path")
    assert browser.find_elements(By.CSS_SELECTOR, ".leaflet-admin1-borders-pane path")
    # Stacked: units, their borders, the country outlines, then the events.
    stack = browser.execute_script(
        "return ['admin1', 'admin1-borders', 'admin0', 'marker'].map(p =>"
        " Number(getComputedStyle(document.querySelector('.leaflet-' + p + '-pane')).zIndex))"
    )
    assert stack == sorted(stack) and len(set(stack)) == 4, stack
    deir = browser.find_element(By.CSS_SELECTOR, DEIR_EZ_ZOR_UNIT)
    raqqa = browser.find_element(By.CSS_SELECTOR, f"{ADMIN1}[data-admin1='Ar-Raqqa']")
    assert deir.get_attribute("fill") != raqqa.get_attribute("fill")

    offset = browser.execute_script(POINT_ON, DEIR_EZ_ZOR_UNIT)
    assert offset, "no visible point of the Deir ez-Zor unit"
    map_element = browser.find_element(By.ID, "map")
    ActionChains(browser).move_to_element_with_offset(map_element, *offset).perform()
    tooltip = wait(browser).until(
        ready.visibility_of_element_located((By.CSS_SELECTOR, ".leaflet-tooltip.admin1-name"))
    )
    assert "Dayr Az Zawr (Deir-ez-Zor), Syria" in tooltip.text
    assert "click to filter" in tooltip.text
    browser.save_screenshot(str(tmp_path / "1-admin1-hover.png"))

    # A click on a unit that holds events filters the page to it.
    expected = get(served, "/api/v1/events?country=Syria&admin1=Deir-ez-Zor&limit=100")["total"]
    ActionChains(browser).move_to_element_with_offset(map_element, *offset).click().perform()
    admin1 = browser.find_element(By.CSS_SELECTOR, "#filter-form select[name=admin1]")
    wait(browser).until(lambda _d: admin1.get_attribute("value") == "Deir-ez-Zor")
    wait(browser).until(lambda d: d.find_element(By.ID, "summary").text == f"{expected} events")
    # Table and labels read in one script each: the map redraws its labels
    # as the view settles, which would leave element handles stale.
    places = browser.execute_script(
        "return [...document.querySelectorAll('#events-table tbody tr')]"
        ".map(r => r.querySelectorAll('td')[5].textContent.trim())"
    )
    assert places and all(p.endswith(", Deir-ez-Zor") for p in places), places
    labels_js = "return [...document.querySelectorAll('.admin1-label')].map(e => e.textContent)"
    # Named on the map at zoom 7.
    wait(browser).until(lambda d: any("Dayr Az Zawr" in t for t in d.execute_script(labels_js)))
    browser.save_screenshot(str(tmp_path / "2-admin1-picked.png"))

    # Zoomed out, the country outlines alone (1:110m) again.
    zoom_out = browser.find_element(By.CSS_SELECTOR, ".leaflet-control-zoom-out")
    for _ in range(4):
        if not browser.find_elements(By.CSS_SELECTOR, ADMIN1):
            break
        zoom_out.click()
        time.sleep(0.6)
    wait(browser).until(lambda d: not d.find_elements(By.CSS_SELECTOR, ADMIN1))
    assert browser.find_elements(By.CSS_SELECTOR, ".leaflet-land-pane path")
    assert not browser.find_elements(By.CSS_SELECTOR, ".admin1-label")
    browser.save_screenshot(str(tmp_path / "3-zoomed-out.png"))


def test_admin1_filter_offers_the_chosen_countrys_regions(
    browser: WebDriver, served: dict[str, Any]
) -> None:
    facets = get(served, "/api/v1/facets")
    open_page(browser, served)
    form = browser.find_element(By.ID, "filter-form")

    def offered() -> list[str]:
        return [o.get_attribute("value") for o in
                form.find_elements(By.CSS_SELECTOR, "select[name=admin1] option")][1:]  # fmt: skip

    assert offered() == facets["admin1"]
    Select(form.find_element(By.NAME, "country")).select_by_value("Iraq")
    assert offered() == facets["admin1_by_country"]["Iraq"]
    Select(form.find_element(By.NAME, "country")).select_by_value("")
    assert offered() == facets["admin1"]


def test_hostile_article_is_shown_inert(
    browser: WebDriver, served: dict[str, Any], tmp_path: Path
) -> None:
    found = get(served, "/api/v1/events?q=killed%20five%20civilians&limit=10")["events"]
    assert found, "the hostile article produced no event to show"
    event_id = found[0]["event_id"]
    open_page(browser, served, "?q=killed%20five%20civilians")
    browser.find_element(By.CSS_SELECTOR, f"tr[data-event-id='{event_id}']").click()
    wait(browser).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#detail .source-title"))
    source = browser.find_element(By.CSS_SELECTOR, "#detail .source")
    # The markup is there, as text.
    assert "<script>" in source.find_element(By.CSS_SELECTOR, ".source-title").text
    assert "onerror=" in source.find_element(By.CSS_SELECTOR, ".source-text").text
    browser.save_screenshot(str(tmp_path / "hostile.png"))
    time.sleep(0.5)  # time for an injected handler to fire, were there one
    assert browser.execute_script("return window.__pwned") is None
    with pytest.raises(NoAlertPresentException):
        _ = browser.switch_to.alert.text
    injected = browser.execute_script(
        "return [document.scripts.length,"
        " document.querySelectorAll('#detail img, #detail svg, #detail script').length,"
        " document.querySelectorAll('[onerror], [onload], [onmouseover]').length,"
        " document.querySelectorAll('a[href^=\"javascript\"]').length]"
    )
    assert injected == [7, 0, 0, 0]
