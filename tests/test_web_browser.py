"""The web page in a real browser: Debian's Chromium, headless, driven by selenium.

A teacher's path: open the library, filter grade 4, open a lesson, pick grade 4
and A4, wait for the documents to build, download the student pack; the
downloaded PDF is read back with pypdf. Screenshots of the library and the
lesson page at a laptop and a tablet width are saved (to $WEB_SCREENSHOTS when
set) to be looked at. Nothing is downloaded: the browser and its driver are the
installed Debian packages, and selenium is told to stay offline.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.test_web import A4_POINTS, live_server, make_workspace

CHROMIUM = Path("/usr/bin/chromium")
DRIVER = Path("/usr/bin/chromedriver")
SIZES = {"laptop": (1366, 900), "tablet": (820, 1180)}

pytestmark = pytest.mark.slow


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[object]:
    if not (CHROMIUM.exists() and DRIVER.exists()):
        pytest.fail("the browser test needs Debian's chromium and chromium-driver: run `make test` as root")
    os.environ["SE_OFFLINE"] = "true"  # selenium never fetches a driver or a browser
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    profile = tempfile.mkdtemp(prefix="chromium-profile-")
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(flag)
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads)})
    driver = webdriver.Chrome(options=options, service=Service(str(DRIVER)))
    driver.execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)}
    )
    driver.downloads = downloads  # type: ignore[attr-defined]
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def screenshots(driver, name: str, folder: Path) -> None:
    """The page at each width, as tall as its content."""
    for width_name, (width, height) in SIZES.items():
        driver.set_window_size(width, height)
        tall = driver.execute_script("return document.documentElement.scrollHeight")
        driver.set_window_size(width, max(height, tall + 140))
        driver.save_screenshot(str(folder / f"{name}-{width_name}.png"))
    driver.set_window_size(*SIZES["laptop"])


def wait_for(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def test_a_teacher_filters_picks_a_grade_and_downloads_the_student_pack(browser, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    driver = browser
    shots = Path(os.environ.get("WEB_SCREENSHOTS") or tmp_path / "screenshots")
    shots.mkdir(parents=True, exist_ok=True)
    folders = make_workspace(tmp_path / "project")
    with live_server(folders) as (host, port):
        driver.get(f"http://{host}:{port}/")
        assert "Lesson library" in driver.find_element(By.TAG_NAME, "h1").text
        assert driver.find_elements(By.CSS_SELECTOR, 'a[href="/lessons/second-war-short"]')

        # The grade filter submits itself when it changes (the page's script).
        Select(driver.find_element(By.ID, "grade")).select_by_value("4")
        wait_for(lambda: "grade=4" in driver.current_url, 30, "the grade filter")
        assert not driver.find_elements(By.CSS_SELECTOR, 'a[href^="/lessons/second-war-short"]')
        screenshots(driver, "library", shots)

        driver.find_element(By.LINK_TEXT, "Roots of the conflict (1918–1988)").click()
        wait_for(lambda: "/lessons/origins" in driver.current_url, 30, "the lesson page")
        Select(driver.find_element(By.ID, "grade")).select_by_value("4")
        driver.find_element(By.CSS_SELECTOR, 'input[name="paper"][value="a4"]').click()
        driver.find_element(By.ID, "show-documents").click()

        # Not built yet: the page shows the build, then the documents when they are ready.
        pack = wait_for(
            lambda: driver.find_elements(By.CSS_SELECTOR, 'a[data-kind="student-pack"]'),
            300,
            "the student pack to be built",
        )[0]
        assert "paper=a4" in driver.current_url
        assert "Grade 4: Elementary level" in driver.page_source
        wait_for(
            lambda: driver.execute_script(
                "return [...document.images].every(i => i.complete && i.naturalWidth > 0)"
            ),
            60,
            "the previews",
        )
        screenshots(driver, "lesson", shots)

        shown_pages = int(pack.text.split()[-2])  # "Download the student pack 11 pages"
        pack.click()
        downloads: Path = driver.downloads
        saved = wait_for(
            lambda: [p for p in downloads.glob("*.pdf") if not p.name.endswith(".crdownload")],
            60,
            "the download",
        )[0]
        assert saved.name == "origins-elementary-student-pack.pdf"
        wait_for(lambda: saved.read_bytes().rstrip().endswith(b"%%EOF"), 30, "the whole file")

    reader = PdfReader(saved)
    assert len(reader.pages) == shown_pages
    assert len(reader.pages) > 4
    for page in reader.pages:
        assert (round(float(page.mediabox.width), 1), round(float(page.mediabox.height), 1)) == A4_POINTS
    assert "Roots of the conflict (1918–1988)" in reader.pages[0].extract_text()
