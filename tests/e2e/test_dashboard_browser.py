"""The real dashboard in a real browser: `stance dashboard` serving the seeds, driven in headless Chromium.

Needs Debian's ``chromium`` (``/usr/bin/chromium``) and the ``playwright`` package (its driver
only; no browser download). Skipped when either is missing, unless ``STANCE_E2E_REQUIRED=1``
(CI sets it), which turns the skip into a failure. Screenshots of every view go to
``$STANCE_ARTIFACTS`` or ``test-artifacts/dashboard/``.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from stance.analysis.export import STATEMENT_COLUMNS

REPO = Path(__file__).resolve().parents[2]
CELL = CELL_SELECTOR = "[data-testid=stVegaLiteChart] .mark-rect path"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run", "--disable-sync"]
# each view and what shows it has drawn its data
VIEWS = {"positions": CELL_SELECTOR, "shifts": "text=Last evidence before", "blame": CELL_SELECTOR,
         "standing": CELL_SELECTOR, "evidence": "table.stance-evidence"}


def _missing(what: str):
    if os.environ.get("STANCE_E2E_REQUIRED") == "1":
        pytest.fail(f"{what} (STANCE_E2E_REQUIRED=1)")
    pytest.skip(what)


def _chromium() -> str:
    found = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
    if not found:
        _missing("Debian's chromium is not installed (apt-get install chromium)")
    return found


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("localhost", 0))
        return sock.getsockname()[1]


def _stance_command() -> list[str]:
    script = Path(sys.executable).with_name("stance")
    return [str(script)] if script.exists() else [sys.executable, "-c", "from stance.cli import run; run()"]


@pytest.fixture(scope="module")
def artifacts() -> Path:
    folder = Path(os.environ.get("STANCE_ARTIFACTS") or REPO / "test-artifacts" / "dashboard")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def server(dashboard_db):
    """``stance dashboard`` on a free port; yields its base URL and stops it afterwards."""
    port = _free_port()
    log = open(dashboard_db.parent / "dashboard.log", "w+")  # noqa: SIM115 - closed below
    proc = subprocess.Popen([*_stance_command(), "dashboard", "--db", str(dashboard_db), "--port", str(port)],
                            stdout=log, stderr=subprocess.STDOUT)
    base = f"http://localhost:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            if proc.poll() is not None:
                log.seek(0)
                pytest.fail(f"`stance dashboard` exited with {proc.returncode}:\n{log.read()}")
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("`stance dashboard` did not answer within 90 s")
            time.sleep(0.3)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="module")
def browser():
    executable = _chromium()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("the playwright package is not installed (pip install -e '.[test]')")
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(45_000)
    yield page
    context.close()


def _ready(page, selector: str = "[data-testid=stMainBlockContainer] h1") -> None:
    page.wait_for_selector(selector)
    # Streamlit reruns after widgets settle; wait until the app says it is not running
    page.wait_for_function("() => !document.querySelector('[data-testid=stStatusWidget]')", timeout=45_000)


def test_load_filter_follow_a_cell_download_and_screenshot_every_view(server, page, artifacts):
    # load
    page.goto(f"{server}/")
    _ready(page, CELL)
    cells = page.locator(CELL)
    rows_before = {cells.nth(i).get_attribute("aria-label").split("row: ")[1].split(";")[0]
                   for i in range(cells.count())}
    assert any(r.startswith("Israel") for r in rows_before) and any(r.startswith("Hamas") for r in rows_before)

    # change a filter: only Hamas
    page.locator("[data-testid=stSidebar] [data-testid=stMultiSelect]").first.click()
    page.get_by_role("option", name="Hamas", exact=True).click()
    page.keyboard.press("Escape")
    page.wait_for_url("**party=hamas**")
    page.wait_for_function(f"""() => {{
        const cells = [...document.querySelectorAll('{CELL}')];
        return cells.length > 0 && cells.every(c => c.getAttribute('aria-label').includes('row: Hamas'));
    }}""")

    # follow a chart cell to its evidence
    cell = page.locator(f'{CELL}[aria-label*="row: Hamas · Hostages"]').first
    label = cell.get_attribute("aria-label")
    period = label.split("period: ")[1].split(";")[0]
    count = int(label.split("distinct statements: ")[1].split(";")[0])
    cell.click(force=True)  # the count written in the cell lies on top of it
    page.wait_for_url("**view=evidence**")
    assert "party=hamas" in page.url and "issue=hostages" in page.url and "from=" in page.url
    _ready(page, "table.stance-evidence")
    assert page.get_by_text(f"{count} distinct statement(s)").is_visible(), (period, count)
    page.screenshot(path=str(artifacts / "evidence-from-a-cell.png"), full_page=True)

    # download the filtered statements as CSV
    with page.expect_download() as download:
        page.get_by_role("button", name="Download statements (CSV)").click()
    saved = artifacts / "statements.csv"
    download.value.save_as(saved)
    rows = list(csv.reader(io.StringIO(saved.read_text(encoding="utf-8"))))
    assert tuple(rows[0]) == STATEMENT_COLUMNS
    body = [dict(zip(rows[0], r)) for r in rows[1:]]
    assert body and {r["party"] for r in body} == {"hamas"} and {r["issue"] for r in body} == {"hostages"}
    assert len(body) >= count

    # every view, with real data, as a screenshot
    for view, drawn in VIEWS.items():
        page.goto(f"{server}/?view={view}")
        _ready(page, drawn)
        page.screenshot(path=str(artifacts / f"{view}.png"), full_page=True)
        assert (artifacts / f"{view}.png").stat().st_size > 20_000


def _axis_labels(page, chart: int = 0) -> list[str]:
    """The axis labels of a chart, in drawing order."""
    return page.locator("[data-testid=stVegaLiteChart]").nth(chart).locator(
        ".role-axis-label text").all_text_contents()


def test_what_an_analyst_sees_first_at_1280_px(server, page, artifacts):
    page.set_viewport_size({"width": 1280, "height": 1500})

    # the Shifts view shows shifts on first load: the default period fits the data
    page.goto(f"{server}/?view=shifts")
    _ready(page, "text=Last evidence before")
    cards = page.locator("[class*='st-key-shift-']")
    assert cards.count() >= 1
    assert cards.first.get_by_text("Last evidence before").is_visible()
    assert cards.first.get_by_text("First evidence after").is_visible()
    # a statement of an article dated by what its text says carries the badge
    badge = page.get_by_text("date inferred").first
    assert badge.is_visible()
    page.screenshot(path=str(artifacts / "shifts-first-load.png"), full_page=True)

    # a true time axis: periods without statements stand on it as empty columns
    page.goto(f"{server}/")
    _ready(page, CELL)
    cells = page.locator(CELL)
    filled = {cells.nth(i).get_attribute("aria-label").split("period: ")[1].split(";")[0]
              for i in range(cells.count())}
    periods = [t for t in _axis_labels(page) if t[:4].isdigit()]
    assert len(periods) > len(filled) and set(periods) - filled, (periods, filled)
    assert page.locator("[data-testid=stVegaLiteChart] .mark-rect path[aria-label*='a shift takes effect: true']").count()
    page.screenshot(path=str(artifacts / "positions-first-load.png"), full_page=True)

    # evidence: whole sentences, the badge, method and confidence on screen at 1280 px
    page.goto(f"{server}/?view=evidence")
    _ready(page, "table.stance-evidence")
    table = page.locator("table.stance-evidence")
    assert table.locator(".badge.inferred").count() > 0
    for header in ("method", "confidence"):
        box = table.locator("th", has_text=header).bounding_box()
        assert box and box["x"] + box["width"] <= 1280, (header, box)
    page.screenshot(path=str(artifacts / "evidence-1280.png"), full_page=False)

    # a negotiation of the user's own profile file: its names and its order of parties
    page.goto(f"{server}/?profile=ukraine_talks&view=standing")
    _ready(page, CELL)
    labels = _axis_labels(page, 0)
    names = {"Russian Federation", "Ukraine (Kyiv)", "United States"}
    # the two sides first, though the file lists the mediator between them
    assert [t for t in labels if t in names][:2] == ["Russian Federation", "Ukraine (Kyiv)"], labels
    assert "Security guarantees" in labels and "security_guarantees" not in labels
    assert page.get_by_text("Negotiating parties, side by side").is_visible()
    assert not page.get_by_text("security_guarantees").count()
    page.screenshot(path=str(artifacts / "custom-profile-standing.png"), full_page=True)
