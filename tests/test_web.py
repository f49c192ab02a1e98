"""The web page: library, lesson pages, on-demand builds, downloads, custom lessons, and safety.

Requests go to the real app; the traversal tests go through a real uvicorn
server with raw request lines, so the server's own URL decoding is part of
what is tested. Builds are real (one lesson at one grade, -j 1) and the PDFs
are read back with pypdf; the quick tests build a lesson of its handout only,
through one app, and read pages through another they share.
"""

from __future__ import annotations

import html
import http.client
import io
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest
import uvicorn
import yaml
from pypdf import PdfReader
from starlette.testclient import TestClient

from generator.build.lock import build_lock
from generator.commands.serve import listen, url_of
from generator.config import Folders
from generator.errors import GeneratorError
from generator.spec.levels import Levels
from generator.web.app import create_app
from generator.web.builds import Builder
from generator.web.choice import Choice, read_choice
from generator.web.documents import current_shelf
from tests.conftest import ROOT
from tests.helpers import KINDS

A4_POINTS = (595.3, 841.9)
LOCAL = "http://127.0.0.1"  # the host name the server answers to when it listens on this machine


def make_workspace(root: Path, lessons: tuple[str, ...] | None = None) -> Folders:
    """A copy of the bundled lessons (or only `lessons`, with the levels and the unit) and articles."""
    if lessons is None:
        shutil.copytree(ROOT / "lessons", root / "lessons")
    else:
        (root / "lessons").mkdir(parents=True)
        for name in ("levels.yaml", "unit.yaml", *(f"{lesson_id}.yaml" for lesson_id in lessons)):
            shutil.copy2(ROOT / "lessons" / name, root / "lessons" / name)
        for lesson_id in lessons:
            if (ROOT / "lessons" / lesson_id).is_dir():  # its leveled passages
                shutil.copytree(ROOT / "lessons" / lesson_id, root / "lessons" / lesson_id)
    shutil.copytree(ROOT / "articles", root / "articles")
    (root / "output").mkdir()
    return Folders(root / "lessons", root / "articles", root / "output")


@pytest.fixture
def folders(tmp_path: Path) -> Folders:
    """The two lessons the tests that edit use: the library is read again after each edit."""
    return make_workspace(tmp_path, lessons=("origins", "first-war"))


def edit_yaml(path: Path, change: Callable[[dict], object]) -> None:
    """`edit_lesson` with libyaml's loader and dumper: the same file written, several times faster."""
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    change(data)
    path.write_text(yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=True), encoding="utf-8")


@pytest.fixture
def open_client(folders: Folders) -> Iterator[Callable[[], TestClient]]:
    """Starts the app on the test's own workspace when called: after the test has edited the
    lessons, so that the library is read once, not before the edit and again after it."""
    with ExitStack() as stack:

        def start() -> TestClient:
            app = create_app(folders, jobs=1, preload=False)  # most tests build nothing
            return stack.enter_context(TestClient(app, base_url=LOCAL, raise_server_exceptions=False))

        yield start


@pytest.fixture
def client(open_client: Callable[[], TestClient]) -> TestClient:
    """The app on a workspace of its own, for a test that writes to it."""
    return open_client()


@pytest.fixture(scope="module")
def site_folders(tmp_path_factory: pytest.TempPathFactory) -> Folders:
    return make_workspace(tmp_path_factory.mktemp("web-site"))


@pytest.fixture(scope="module")
def site(site_folders: Folders) -> Iterator[TestClient]:
    """One app for the tests that only read pages or are refused (nothing is written, nothing
    built): the library is read once, not once per test."""
    app = create_app(site_folders, jobs=1, preload=False)
    with TestClient(app, base_url=LOCAL, raise_server_exceptions=False) as test_client:
        yield test_client


def wait_for_documents(client: TestClient, url: str, timeout: float = 240) -> str:
    """Open a lesson page and follow its build (as the page's script does) until it shows documents."""
    page = client.get(url)
    assert page.status_code == 200, page.text
    deadline = time.monotonic() + timeout
    while 'id="build"' in page.text:
        job_id = page.text.split('data-job="', 1)[1].split('"', 1)[0]
        while client.get(f"/jobs/{job_id}").json()["state"] not in ("done", "failed"):
            assert time.monotonic() < deadline, "the build did not finish"
            time.sleep(0.05)
        page = client.get(f"{url}&job={job_id}")
    return page.text


# --- the library -------------------------------------------------------------------------------


def test_the_library_lists_every_article_and_lesson_with_grades_time_and_objectives(site):
    page = site.get("/")
    assert page.status_code == 200
    text = page.text
    assert "Nagorno-Karabakh conflict" in text
    for lesson_id in (
        "origins",
        "first-war",
        "ceasefire-years",
        "second-war",
        "after-2020",
        "second-war-short",
    ):
        assert f'href="/lessons/{lesson_id}"' in text
    assert "Grades 6-7" in text  # second-war-short
    assert "45 minutes" in text
    assert "Explain how a vote in 1988 led to a war between Armenia and Azerbaijan." in text
    assert "Documents:</span> handout, vocabulary, timeline, questions, teacher guide" in text


def test_the_library_filters_by_grade(site):
    text = site.get("/?grade=4").text
    assert 'href="/lessons/origins?grade=4"' in text
    assert "/lessons/second-war-short" not in text  # grades 6-7 only
    assert "Grade 4 reads the <strong>Elementary</strong> level. 6 lessons cover it." in text
    assert "/lessons/second-war-short?grade=6" in site.get("/?grade=6").text


@pytest.mark.parametrize("grade", ["13", "0", "four", "4;rm"])
def test_a_bad_grade_filter_is_a_clear_400(site, grade):
    page = site.get("/", params={"grade": grade})
    assert page.status_code == 400
    assert "Expected a grade from 1 to 12" in page.text
    assert "Traceback" not in page.text


# --- bad requests: clear pages, never a traceback ------------------------------------------------


@pytest.mark.parametrize(
    ("url", "status", "message"),
    [
        ("/lessons/no-such-lesson", 404, "There is no lesson 'no-such-lesson'. The library has: origins"),
        ("/lessons/..%2f..%2fetc", 404, "There is nothing at this address"),
        ("/lessons/Origins%3Cb%3E", 404, "There is no lesson 'Origins<b>'. Lesson ids are like"),
        ("/lessons/origins?level=advanced", 404, "There is no level 'advanced'. The levels are: elementary"),
        ("/lessons/second-war-short?grade=4", 400, "This lesson covers grades 6-7, not grade 4."),
        ("/lessons/origins?grade=13", 400, "This lesson covers grades 4-12, not grade 13."),
        ("/lessons/origins?grade=x", 400, "Expected a grade from 1 to 12, found 'x'."),
        ("/lessons/origins?grade=4&level=high", 400, "Pick a grade or a level, not both"),
        ("/lessons/origins?grade=4&paper=legal", 400, "Expected a paper of letter or a4, found 'legal'."),
        ("/lessons/origins?grade=4&versions=9", 400, "Expected 1 to 4 versions of the questions"),
        (
            "/lessons/origins?grade=4&font=comic",
            400,
            "Expected a font of standard or dyslexic, found 'comic'.",
        ),
        (
            "/lessons/origins?grade=4&large_print=yes",
            400,
            "Expected large_print=1 (or nothing), found 'yes'.",
        ),
        ("/lessons/origins/zip", 400, "Pick a grade (or a level) to download its documents."),
        ("/jobs/nothing", 404, "no such build"),
        ("/previews/abc.png", 404, "There is nothing at this address"),
        ("/no/such/page", 404, "There is nothing at this address"),
    ],
)
def test_unknown_lessons_levels_and_grades_get_a_clear_page(site, url, status, message):
    page = site.get(url)
    assert page.status_code == status
    assert message in html.unescape(page.text)
    assert "Traceback" not in page.text


def test_a_wrong_method_gets_a_page_not_a_traceback(site):
    page = site.post("/lessons/origins")
    assert page.status_code == 405
    assert "does not take that kind of request" in page.text


def test_a_request_for_another_host_name_is_refused(site):
    """A web page elsewhere cannot reach the server through a DNS name pointed at 127.0.0.1."""
    assert site.get("/", headers={"host": "evil.example"}).status_code == 400


def test_pages_carry_a_content_security_policy_that_allows_only_their_own_css_and_script(site):
    page = site.get("/")
    policy = page.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src 'sha256-" in policy
    assert page.headers["x-content-type-options"] == "nosniff"


# --- lessons with errors ---------------------------------------------------------------------------


def test_a_lesson_with_errors_shows_them_with_file_and_line_and_the_others_keep_working(open_client, folders):
    lesson = folders.lessons / "first-war.yaml"
    lesson.write_text(lesson.read_text().replace("grades: 4-12", "grades: 4-14"), encoding="utf-8")
    client = open_client()
    page = client.get("/lessons/first-war")
    assert page.status_code == 200
    assert "This lesson has 1 problem" in page.text
    assert f"{lesson}:3: grades: expected grades between 1 and 12, found '4-14'" in html.unescape(page.text)
    assert '<li class="flagged">grades: 4-14</li>' in page.text  # the file is shown, that line marked
    assert page.text.count('class="flagged"') == 1
    library = client.get("/").text
    assert "Lessons that need fixing" in library and "1 problem in <code>first-war.yaml</code>" in library
    assert client.get("/lessons/origins").status_code == 200


def test_a_broken_levels_file_is_shown_on_the_library_page(open_client, folders):
    (folders.lessons / "levels.yaml").write_text("elementary: [\n", encoding="utf-8")
    client = open_client()
    page = client.get("/")
    assert page.status_code == 200
    assert "The reading levels do not load" in page.text
    assert f"{folders.lessons / 'levels.yaml'}:" in page.text


def test_every_value_from_a_lesson_is_escaped(open_client, folders):
    def hostile(data):
        data["title"] = "<script>alert('title')</script>"
        data["objectives"][0] = '<img src=x onerror="alert(1)">'

    edit_yaml(folders.lessons / "origins.yaml", hostile)
    client = open_client()
    for url in ("/", "/lessons/origins"):
        text = client.get(url).text
        assert "<script>alert" not in text and "<img src=x" not in text
        assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;" in text


# --- building on demand, previews and downloads ------------------------------------------------------

HANDOUT_ONLY = ("handout", "handout-teacher", "student-pack", "teacher-pack")  # what `on_demand` builds


def misquote(data: dict) -> None:
    """An evidence quote the elementary passage does not have: the build fails when the passages
    are checked, before anything is rendered."""
    evidence = data["questions"]["elementary"][0]["evidence"]  # one quote, or a list of them
    (evidence[0] if isinstance(evidence, list) else evidence)["quote"] = "words that are not in the passage"


def wait_until(condition: Callable[[], bool], what: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.02)


@pytest.fixture(scope="module")
def on_demand(tmp_path_factory) -> Iterator[tuple[TestClient, Folders, str]]:
    """`origins` built at grade 4 on A4 through the page, and one app (one build process) for
    every test here that builds. These tests are about the page, not the documents, so `origins`
    lists only its handout (4 PDFs instead of 11; the slow test below builds a whole lesson);
    `first-war` has a misquoted evidence, so its builds fail before rendering anything."""
    folders = make_workspace(tmp_path_factory.mktemp("web-built"))
    edit_yaml(folders.lessons / "origins.yaml", lambda data: data.update(documents=["handout"]))
    edit_yaml(folders.lessons / "first-war.yaml", misquote)
    app = create_app(folders, jobs=1)
    with TestClient(app, base_url=LOCAL, raise_server_exceptions=False) as test_client:
        page = wait_for_documents(test_client, "/lessons/origins?grade=4&paper=a4")
        yield test_client, folders, page


def test_a_missing_grade_is_built_on_demand_and_then_served_as_current(on_demand):
    client, folders, page = on_demand
    assert "Grade 4: Elementary level" in page
    for kind in HANDOUT_ONLY:
        assert f'data-kind="{kind}"' in page
        assert (folders.output / "origins" / "elementary" / f"{kind}.pdf").is_file()
    pack = folders.output / "origins" / "elementary" / "student-pack.pdf"
    pages = len(PdfReader(pack).pages)  # the page shows the count of the file it serves
    assert f'Download the student pack <span class="count">{pages} pages</span>' in page
    # Current now: the page shows the documents at once, without a build.
    again = client.get("/lessons/origins?grade=4&paper=a4").text
    assert 'id="build"' not in again and 'data-kind="student-pack"' in again
    # Another paper is another build of the same documents (asked without starting it).
    levels = Levels(folders.lessons / "levels.yaml")
    assert current_shelf(Choice("origins", 4, paper="letter").config(folders, 1), levels) is None
    assert current_shelf(Choice("origins", 4, paper="a4").config(folders, 1), levels) is not None


@pytest.mark.slow  # renders a whole lesson at a level (9 documents and 2 packs) through the page
def test_every_document_of_a_whole_lesson_is_built_on_demand_and_listed(client, folders):
    page = wait_for_documents(client, "/lessons/origins?grade=4&paper=a4")
    for kind in KINDS:
        assert f'data-kind="{kind}"' in page
        assert (folders.output / "origins" / "elementary" / f"{kind}.pdf").is_file()
    response = client.get("/lessons/origins/zip?grade=4&paper=a4&versions=1")
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert sorted(names) == sorted(f"origins/elementary/{kind}.pdf" for kind in KINDS)


def test_the_student_pack_downloads_as_an_a4_pdf_with_the_lesson_title(on_demand):
    client, folders, _ = on_demand
    response = client.get("/files/output/origins/elementary/student-pack.pdf?download=1")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert 'filename="origins-elementary-student-pack.pdf"' in response.headers["content-disposition"]
    reader = PdfReader(io.BytesIO(response.content))
    on_disk = PdfReader(folders.output / "origins" / "elementary" / "student-pack.pdf")
    assert len(reader.pages) == len(on_disk.pages) > 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width), 1), round(float(box.height), 1)) == A4_POINTS
    assert "Roots of the conflict (1918–1988)" in reader.pages[0].extract_text()


def test_the_teacher_copys_readability_figures_are_shown(on_demand):
    _, folders, page = on_demand
    import json

    passage = json.loads((folders.output / "manifest.json").read_text())["passages"]["origins"]["elementary"]
    figures = passage["readability"]
    assert f'{figures["fk_grade"]:.1f} <span class="muted">(this level aims at 4.6–6.1, band 4-5)' in page
    assert f"{figures['words']} words, {figures['sentences']} sentences" in page
    assert "written for this level" in page


def test_each_document_has_a_first_page_preview_cached_by_its_hash(on_demand):
    client, folders, page = on_demand
    sha = page.split('src="/previews/', 1)[1].split(".png", 1)[0]
    response = client.get(f"/previews/{sha}.png")
    assert response.status_code == 200 and response.headers["content-type"] == "image/png"
    assert response.content.startswith(b"\x89PNG")
    assert (folders.output / ".cache" / "previews" / f"{sha}.png").read_bytes() == response.content
    assert client.get(f"/previews/{'0' * 64}.png").status_code == 404


def test_everything_downloads_as_one_zip(on_demand):
    client, folders, _ = on_demand
    response = client.get("/lessons/origins/zip?grade=4&paper=a4&versions=1")
    assert response.status_code == 200
    assert 'filename="origins-grade-4-a4.zip"' in response.headers["content-disposition"]
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    # Every document of this choice, and nothing else (not another print's, not the previews).
    assert sorted(names) == sorted(f"origins/elementary/{kind}.pdf" for kind in HANDOUT_ONLY)
    # Not built yet for this choice: the zip sends the teacher to the page that builds it.
    missing = client.get("/lessons/origins/zip?grade=9&paper=a4", follow_redirects=False)
    assert missing.status_code == 303 and missing.headers["location"].startswith("/lessons/origins?grade=9")


def test_print_options_are_asked_of_the_engine_as_a_print_of_their_own(on_demand):
    """What the page asks the engine for, built in the slow test below: the options, into their
    own folder, under a key of their own (so the standard print, current, does not stand for them)."""
    _, folders, _ = on_demand
    levels = Levels(folders.lessons / "levels.yaml")
    query = {"grade": "4", "paper": "a4", "large_print": "1", "font": "dyslexic"}
    choice = read_choice("origins", query, tuple(range(4, 13)), levels)
    assert choice.query() == "grade=4&paper=a4&versions=1&large_print=1&font=dyslexic"
    config, standard = choice.config(folders, 1), Choice("origins", 4, paper="a4").config(folders, 1)
    assert (config.large_print, config.font, config.option_folder()) == (
        True,
        "dyslexic",
        "large-print-dyslexic",
    )
    assert standard.option_folder() is None and config.key() != standard.key()


@pytest.mark.slow  # a second build through the page (the page's half is checked quickly above)
def test_print_options_build_into_their_own_folder_beside_the_standard_print(on_demand):
    client, folders, _ = on_demand
    standard = folders.output / "origins" / "elementary" / "student-pack.pdf"
    before = standard.read_bytes()
    page = wait_for_documents(client, "/lessons/origins?grade=4&paper=a4&large_print=1&font=dyslexic")
    assert "A4, large print, dyslexia-friendly font." in page
    assert "<code>output/origins/elementary/large-print-dyslexic/</code>" in page
    pack = folders.output / "origins" / "elementary" / "large-print-dyslexic" / "student-pack.pdf"
    assert f'href="/files/output/{pack.relative_to(folders.output)}?download=1"' in page
    assert 'download="origins-elementary-large-print-dyslexic-student-pack.pdf"' in page
    fonts = subprocess.run(["pdffonts", str(pack)], capture_output=True, text=True, check=True).stdout
    assert "OpenDyslexic" in fonts
    # The standard print is untouched, and asking for it again renders nothing anew.
    assert standard.read_bytes() == before
    assert 'data-kind="student-pack"' in wait_for_documents(client, "/lessons/origins?grade=4&paper=a4")
    assert standard.read_bytes() == before


def test_an_edited_lesson_is_stale_and_built_again(on_demand):
    client, folders, _ = on_demand
    lesson = folders.lessons / "origins.yaml"
    original = lesson.read_text()
    try:
        edited = original.replace("objectives:\n", "objectives:\n- Name both sides.\n")
        assert edited != original
        lesson.write_text(edited)
        assert 'id="build"' in client.get("/lessons/origins?grade=4&paper=a4").text
    finally:
        lesson.write_text(original)


def test_a_build_error_is_shown_on_the_lesson_page_as_the_cli_prints_it(on_demand, run_cli, tmp_path):
    """A misquoted evidence is found when the passages are built: the page shows the same message."""
    client, folders, _ = on_demand
    page = wait_for_documents(client, "/lessons/first-war?grade=4")
    assert "The documents could not be built" in page
    cli = run_cli(
        "build", "first-war", "--grade", "4", "--lessons-dir", folders.lessons,
        "--articles-dir", folders.articles, "--out", tmp_path / "cli-out", "-j", "1",
    )  # fmt: skip
    message = next(line.strip() for line in cli.err.splitlines() if "not in the passage" in line)
    assert str(folders.lessons / "first-war.yaml") + ":" in message
    assert message.replace("'", "&#39;").replace('"', "&#34;") in page
    # The failed build is not retried on every reload; a fix to the file builds again.
    assert wait_for_documents(client, "/lessons/first-war?grade=4") == page


def test_a_second_build_waits_for_the_first_and_says_so(on_demand):
    client, folders, _ = on_demand
    builder: Builder = client.app.state.web.builder
    with build_lock(folders.output):  # holds the first build at its start, so it is still running
        first = builder.request(Choice("first-war", grade=5), None)
        wait_until(lambda: builder.current is first, "the first build to start")
        second = builder.request(Choice("origins", grade=4, paper="a4"), None)
        assert second.note == "Waiting for the build of 'first-war' to finish."
        assert builder.request(Choice("origins", grade=4, paper="a4"), None) is second  # no duplicate
        assert first is not second
    wait_until(lambda: first.finished and second.finished, "both builds to finish")


def test_a_build_that_waits_for_another_build_of_the_folder_says_so(on_demand):
    """A command-line build holds the output folder's lock: the page's build waits, and says so."""
    client, folders, _ = on_demand
    builder: Builder = client.app.state.web.builder
    with build_lock(folders.output):
        job = builder.request(Choice("first-war", level_id="elementary"), None)
        wait_until(lambda: job.state == "waiting", "the build to wait for the lock")
        assert job.note.startswith(
            f"Waiting for another build of this output folder to finish (process {os.getpid()}), "
            "for example `make pdfs` in a terminal"
        )
    wait_until(lambda: job.finished, "the build to finish")
    assert job.state == "failed" and "not in the passage" in job.errors["first-war"][0]


# --- custom lessons -----------------------------------------------------------------------------------


def custom_form(**changes):
    form = {
        "id": "origins-my-class",
        "title": "Roots: my class",
        "grades": ["4", "5"],
        "documents": ["handout"],
    }
    form.update(changes)
    return form


def test_a_custom_lesson_is_written_extending_this_one_and_its_page_shows_the_yaml(client, folders):
    response = client.post(
        "/lessons/origins/custom?paper=a4",
        data=custom_form(),
        headers={"origin": LOCAL, "sec-fetch-site": "same-origin"},  # as a browser sends it
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/lessons/origins-my-class?created=1&grade=4&paper=a4"
    path = folders.lessons / "origins-my-class.yaml"
    data = yaml.safe_load(path.read_text())
    assert data == {
        "extends": "origins",
        "title": "Roots: my class",
        "grades": "4-5",
        "documents": ["handout"],
    }
    page = client.get("/lessons/origins-my-class?created=1").text
    assert "Your lesson is saved as" in page
    assert "extends: origins" in page and "title: &#34;Roots: my class&#34;" in page
    assert "Grades 4-5" in page
    assert "/lessons/origins-my-class" in client.get("/?grade=5").text


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"id": "My Class!"}, "Lesson id: expected a lesson id of lowercase letters, digits and hyphens"),
        ({"id": "../evil"}, "Lesson id: expected a lesson id of lowercase letters"),
        ({"id": "origins"}, "Lesson id: there is already a lesson 'origins'"),
        ({"id": "levels"}, "Lesson id: 'levels' is the name of a settings file"),
        ({"grades": ["3"]}, "Grades: expected one or more of 4-12, found 3."),
        ({"grades": []}, "Grades: expected one or more of 4-12, found none."),
        ({"documents": ["poster"]}, "Documents: expected one or more of handout, vocabulary"),
        ({"title": " "}, "Title: expected one line of 1 to 120 characters, found 0."),
    ],
)
def test_a_bad_custom_lesson_form_is_refused_with_what_to_fix(site, site_folders, changes, message):
    before = sorted(p.name for p in site_folders.lessons.iterdir())
    response = site.post("/lessons/origins/custom", data=custom_form(**changes))
    assert response.status_code == 400
    assert "The lesson was not saved" in response.text
    assert message in html.unescape(response.text)
    assert sorted(p.name for p in site_folders.lessons.iterdir()) == before


def test_a_custom_lesson_form_from_another_site_is_refused(site, site_folders):
    response = site.post(
        "/lessons/origins/custom", data=custom_form(), headers={"origin": "http://evil.example"}
    )
    assert response.status_code == 403
    assert not (site_folders.lessons / "origins-my-class.yaml").exists()


# --- only files under output/ and lessons/ are served -------------------------------------------------


@contextmanager
def live_server(folders: Folders, preload: bool = True) -> Iterator[tuple[str, int]]:
    """The app behind a real uvicorn server on a free port, as `python -m generator serve` runs it."""
    sock = listen("127.0.0.1", 0)
    app = create_app(folders, jobs=1, preload=preload)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    try:
        yield sock.getsockname()[:2]
    finally:
        server.should_exit = True
        thread.join(timeout=20)


@pytest.fixture(scope="module")
def traversal(tmp_path_factory) -> Iterator[tuple[str, int]]:
    root = tmp_path_factory.mktemp("traversal")
    folders = make_workspace(root)
    (root / "secret.txt").write_text("SECRET outside the tree")
    (folders.output / "origins").mkdir()
    (folders.output / "origins" / "handout.pdf").write_bytes(b"%PDF-1.7 a built file")
    (folders.output / "link.txt").symlink_to(root / "secret.txt")
    (folders.output / "linkdir").symlink_to(root)
    (folders.lessons / "escape.md").symlink_to(root / "secret.txt")
    (folders.output / ".hidden.txt").write_text("SECRET hidden file")
    with live_server(folders, preload=False) as address:
        yield address


def raw_get(address: tuple[str, int], target: str) -> tuple[int, bytes]:
    """GET exactly `target` (no client-side normalising of `..` or percent signs)."""
    connection = http.client.HTTPConnection(*address, timeout=30)
    connection.putrequest("GET", target, skip_accept_encoding=True)
    connection.endheaders()
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, body


def test_files_in_the_output_and_lessons_folders_are_served(traversal):
    status, body = raw_get(traversal, "/files/output/origins/handout.pdf")
    assert (status, body) == (200, b"%PDF-1.7 a built file")
    status, body = raw_get(traversal, "/files/lessons/origins.yaml")
    assert status == 200 and b"title:" in body


@pytest.mark.parametrize(
    "target",
    [
        pytest.param("/files/output/../secret.txt", id="dot-dot"),
        pytest.param("/files/output/origins/../../secret.txt", id="dot-dot-deeper"),
        pytest.param("/files/lessons/../secret.txt", id="dot-dot-lessons"),
        pytest.param("/files/output/%2e%2e/secret.txt", id="encoded-dots"),
        pytest.param("/files/output/..%2fsecret.txt", id="encoded-slash"),
        pytest.param("/files/output/%2E%2E%2Fsecret.txt", id="encoded-upper"),
        pytest.param("/files/output/%252e%252e%252fsecret.txt", id="double-encoded"),
        pytest.param("/files/output/..%5csecret.txt", id="encoded-backslash"),
        pytest.param("/files/output/..\\secret.txt", id="backslash"),
        pytest.param("/files/output/%00../secret.txt", id="nul"),
        pytest.param("/files/output//etc/passwd", id="absolute"),
        pytest.param("/files/output/%2fetc%2fpasswd", id="absolute-encoded"),
        pytest.param("/files//etc/passwd", id="absolute-no-area"),
        pytest.param("/files/etc/passwd", id="unknown-area"),
        pytest.param("/files/articles/nagorno-karabakh-conflict.txt", id="articles-not-served"),
        pytest.param("/files/output/link.txt", id="symlink-out"),
        pytest.param("/files/output/linkdir/secret.txt", id="symlinked-folder-out"),
        pytest.param("/files/lessons/escape.md", id="symlink-out-of-lessons"),
        pytest.param("/files/output/.hidden.txt", id="hidden"),
        pytest.param("/files/output/", id="folder"),
    ],
)
def test_path_traversal_gets_404(traversal, target):
    status, body = raw_get(traversal, target)
    assert status == 404
    assert b"SECRET" not in body and b"root:" not in body


# --- the command ------------------------------------------------------------------------------------


# Starts the command in a process of its own: Python, the server and its build process loading
# take seconds. Quick: the command's folder error below (the same `serve`, in this process), and the
# app behind a real uvicorn server (the traversal tests).
@pytest.mark.slow
def test_serve_prints_the_url_and_serves_the_library(tmp_path):
    folders = make_workspace(tmp_path)
    command = [sys.executable, "-m", "generator", "serve", "--port", "0"]
    command += ["--lessons-dir", str(folders.lessons), "--articles-dir", str(folders.articles)]
    command += ["--out", str(folders.output)]
    # A session of its own, so that Ctrl-C can be pressed as in a terminal: to the server and
    # its build process at once (each stops at once, even while still loading).
    with subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    ) as process:
        try:
            assert process.stdout is not None
            line = process.stdout.readline()
            assert line.startswith("Open http://127.0.0.1:") and line.rstrip().endswith(
                "/ in a web browser (Ctrl-C stops the server)."
            )
            url = line.split()[1]
            host, port = url.removeprefix("http://").rstrip("/").split(":")
            status, body = raw_get((host, int(port)), "/")
            assert status == 200 and b"Lesson library" in body
        finally:
            os.killpg(process.pid, signal.SIGINT)
            try:
                code = process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                raise
        assert code == 130  # as the command line ends on Ctrl-C


def test_a_port_in_use_is_a_clear_error():
    taken = listen("127.0.0.1", 0)
    try:
        port = taken.getsockname()[1]
        with pytest.raises(GeneratorError, match=f"cannot listen on 127.0.0.1:{port} .*Try another port"):
            listen("127.0.0.1", port)
    finally:
        taken.close()


def test_serve_without_the_project_folders_says_where_to_run_it(run_cli, tmp_path):
    taken = listen("127.0.0.1", 0)  # were the folders not checked, this ends the command, not a hang
    try:
        port = taken.getsockname()[1]
        served = run_cli("serve", "--port", port, "--lessons-dir", tmp_path / "lessons", "--out", tmp_path)
    finally:
        taken.close()
    assert served.code == 1
    assert served.err == (
        f"error: --lessons-dir: expected a folder, found no folder {tmp_path / 'lessons'}; "
        "run from the project folder\n"
    )


def test_url_of_a_listening_socket():
    sock = listen("127.0.0.1", 0)
    try:
        assert url_of(sock) == f"http://127.0.0.1:{sock.getsockname()[1]}/"
    finally:
        sock.close()
