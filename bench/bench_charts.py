"""What the charts cost the reader: time until every chart on a page is drawn, in Chromium.

Baseline, in the same run: the time until the page's HTML is parsed (DOMContentLoaded), which
is what the page cost before the charts were drawn in the browser. Charts add the vendored
d3 + Plot (loaded once, then cached) and the drawing. Each page is loaded ``--runs`` times in one
browser tab at 390 px wide, as a phone shows it; the first load is cold (no cached scripts).

    .venv/bin/python bench/bench_charts.py --db onrecord.db [--path / --path /pledges]
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True, type=Path)
    ap.add_argument("--path", action="append", help="page paths (default: / and /pledges)")
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    exe = shutil.which("onrecord", path=str(Path(sys.executable).parent)) or "onrecord"
    proc = subprocess.Popen(
        [exe, "--db", str(args.db), "serve", "--port", "0"], stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout is not None
        m = re.search(r"http://127\.0\.0\.1:\d+/", proc.stdout.readline())
        if not m:
            sys.exit("serve printed no URL")
        base = m.group().rstrip("/")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--headless"])
            page = browser.new_page(viewport={"width": 390, "height": 844})
            print(
                "| page | charts | HTML parsed (ms, median) | charts drawn (ms, median) | "
                "ratio | first load in the run, charts drawn (ms) |"
            )
            print("|---|---|---|---|---|---|")
            for path in args.path or ["/", "/pledges"]:
                parsed, drawn = [], []
                for _ in range(args.runs):
                    page.goto(base + path)
                    n = page.locator("figure[data-chart]").count()
                    page.wait_for_function(
                        "n => document.querySelectorAll('figure.chart.drawn').length === n", arg=n
                    )
                    t = page.evaluate(
                        """() => [performance.getEntriesByType('navigation')[0]
                                    .domContentLoadedEventEnd,
                                  performance.getEntriesByName('onrecord:charts-drawn')[0]
                                    .startTime]"""
                    )
                    parsed.append(t[0])
                    drawn.append(t[1])
                a, b = statistics.median(parsed), statistics.median(drawn)
                print(f"| `{path}` | {n} | {a:.0f} | {b:.0f} | {b / a:.2f} | {drawn[0]:.0f} |")
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=10)


if __name__ == "__main__":
    main()
