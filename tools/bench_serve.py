"""Web benchmark (``make bench``): ``sitrep serve`` over 100,000 generated events.

Generates the store as the report bench does (``bench_report.generate``:
fixed seed, a year of events at real places), starts ``sitrep serve`` on a
free loopback port, times the first page of ``/api/v1/events`` and the other
requests the page makes, then the page's load in Debian's headless Chromium
(until its map, timeline and table are drawn). Prints the figures; never a
timed test.
"""

from __future__ import annotations

import argparse
import json
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench_report import generate

REQUESTS = {
    "events_first_page": "/api/v1/events",
    "events_first_page_geojson": "/api/v1/events?format=geojson",
    "events_page_syria_sorted": "/api/v1/events?country=Syria&sort=fatalities&order=desc",
    "events_text_search": "/api/v1/events?q=aleppo",
    "events_offset_50000": "/api/v1/events?offset=50000",
    "map_grid_world": "/api/v1/map?zoom=3",
    "map_one_city": "/api/v1/map?zoom=10&bbox=40.0,35.2,40.3,35.5",
    "timeline_by_day": "/api/v1/timeline?by=day",
    "facets": "/api/v1/facets",
}


def _time(url: str, repeat: int) -> tuple[float, int]:
    """Median seconds of ``repeat`` GETs, and the response size."""
    times, size = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        with urllib.request.urlopen(url, timeout=120) as response:
            size = len(response.read())
        times.append(time.perf_counter() - start)
    return statistics.median(times), size


def _page_load(base: str) -> float | None:
    """Seconds from navigation to the page's first full draw, in headless Chromium."""
    chromium, driver_path = shutil.which("chromium"), shutil.which("chromedriver")
    if not (chromium and driver_path):
        print("  (chromium / chromedriver missing: no page-load figure)")
        return None
    from selenium import webdriver  # noqa: PLC0415
    from selenium.webdriver.chrome.service import Service  # noqa: PLC0415
    from selenium.webdriver.support.ui import WebDriverWait  # noqa: PLC0415

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                     "--window-size=1400,900"):  # fmt: skip
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    try:
        loads = []
        for _ in range(3):
            start = time.perf_counter()
            driver.get(base + "/")
            WebDriverWait(driver, 120).until(
                lambda d: d.execute_script("return document.body.dataset.ready")
            )
            loads.append(time.perf_counter() - start)
        return statistics.median(loads)
    finally:
        driver.quit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        database = str(Path(tmp) / "bench.db")
        start = time.perf_counter()
        generate(database, args.events)
        figures["generate_store_s"] = time.perf_counter() - start
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        server = subprocess.Popen(
            [sys.executable, "-m", "sitrep.cli", "serve", "--db", database, "--port", str(port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(100):
                try:
                    urllib.request.urlopen(base + "/api/v1/taxonomy", timeout=2)
                    break
                except OSError:
                    time.sleep(0.2)
            for name, path in REQUESTS.items():
                seconds, size = _time(base + path, 5)
                figures[f"{name}_s"] = seconds
                figures[f"{name}_kb"] = size / 1000
            load = _page_load(base)
            if load is not None:
                figures["page_load_chromium_s"] = load
        finally:
            server.terminate()
            server.wait(timeout=10)
    print(f"sitrep serve over {args.events:,} generated events (median of 5 requests; loopback)")
    for key, value in figures.items():
        print(f"  {key:36s} {value:12.3f}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
