"""The README's picture of the workbench (``make docs``; needs ``make run``).

Serves ``out/sitrep.db`` on a free loopback port, opens the page in Debian's
headless Chromium on Syria with the seed's deadliest event open, spreads the
Deir ez-Zor cluster, and saves a small PNG (256 colours, 3/4 size).
"""

from __future__ import annotations

import argparse
import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from PIL import Image
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", default="out/sitrep.db")
    parser.add_argument("--out", type=Path, default=Path("docs/serve.png"))
    args = parser.parse_args()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "sitrep.cli", "serve", "--db", args.db, "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                     "--window-size=1440,860"):  # fmt: skip
        options.add_argument(argument)
    driver = webdriver.Chrome(
        service=Service(shutil.which("chromedriver") or "chromedriver"), options=options
    )
    try:
        for _ in range(100):
            try:
                query = "/api/v1/events?admin1=Deir%20ez-Zor&sort=fatalities&order=desc&limit=1"
                with urllib.request.urlopen(base + query, timeout=2) as response:
                    event_id = json.load(response)["events"][0]["event_id"]
                break
            except OSError:
                time.sleep(0.2)
        driver.get(f"{base}/?country=Syria&event={event_id}")
        WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, "mark"))
        time.sleep(1)
        for _ in range(5):  # the map may redraw a cluster under the click: look again
            try:
                for cluster in driver.find_elements(By.CSS_SELECTOR, ".marker-cluster")[:1]:
                    cluster.click()
                break
            except StaleElementReferenceException:
                time.sleep(0.5)
        time.sleep(1.5)
        raw = args.out.with_suffix(".raw.png")
        driver.save_screenshot(str(raw))
    finally:
        driver.quit()
        server.terminate()
        server.wait(timeout=10)
    image = Image.open(raw).convert("RGB")
    image = image.resize((image.width * 3 // 4, image.height * 3 // 4), Image.Resampling.LANCZOS)
    image.quantize(256, method=Image.Quantize.FASTOCTREE).save(args.out, optimize=True)
    raw.unlink()
    print(f"wrote {args.out} ({args.out.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
