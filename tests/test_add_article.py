"""`add-article` and `show-article` end to end: each fixture page is imported into a
temporary project, shown, and built as a `source`-level handout (HTML, read back for its
text and footer); two of them are printed and read back with pdftotext."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from generator.build.measurecache import MeasureCache
from generator.cli import main
from generator.commands import add_article
from generator.config import ComposeOptions, Folders, Selection
from generator.documents.base import compose_handouts
from generator.passages.gather import gather
from generator.render.renderer import Renderer
from generator.sources.article import read_article

from .conftest import ROOT
from .helpers import html_text
from .test_sources import BOILERPLATE, MARKED, PAGES

FIXTURES = [*sorted(MARKED), "honeybee.txt"]
PRINTED = ("aral-sea.html", "honeybee.txt")  # the HTML page and a page without headings
COVERS_TO = {
    "lake-sevan.txt": "1930s",
    "panama-canal.txt": "2016",
    "aral-sea.html": "2014",
    "caspian-sea.wiki": "2018",
    "azerbaijani-alphabet.md": "2001",
    "honeybee.txt": "2024",
}


def _id(name: str) -> str:
    return Path(name).stem


def _flags(name: str) -> list[str]:
    covers = COVERS_TO[name] if COVERS_TO[name].isdigit() else "1940"
    return [
        "--title",
        _id(name).replace("-", " ").title(),
        "--url",
        f"https://encyclopedia.example/{_id(name)}",
        "--license",
        "cc by-sa 4.0",
        "--attribution",
        "Example Encyclopedia",
        "--retrieved",
        "2024-05-02",
        "--covers-to",
        covers,
    ]


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """Every fixture imported with add-article, a lesson on each, one source-level build, and
    the handouts of PRINTED printed."""
    root = tmp_path_factory.mktemp("project")
    (root / "lessons").mkdir()
    shutil.copy(ROOT / "lessons" / "levels.yaml", root / "lessons")
    for name in FIXTURES:
        code = main(
            ["add-article", str(PAGES / name), "--articles-dir", str(root / "articles"), *_flags(name)]
        )
        assert code == 0, name
        article = read_article(root / "articles" / f"{_id(name)}.txt")
        top = [s.id for s in article.sections if s.parent is None]
        (root / "lessons" / f"{_id(name)}.yaml").write_text(
            f"title: Reading about {article.title}\narticle: {_id(name)}\ngrades: 6-8\n"
            f"sections: [{', '.join(top)}]\nobjectives: [Read the article.]\ndocuments: [handout]\n",
            encoding="utf-8",
        )
    folders = ["--lessons-dir", str(root / "lessons"), "--articles-dir", str(root / "articles")]
    output = root / "output"
    # HTML: every lesson composed; printing them all would add only rendering time.
    code = main(["build", "--level", "source", "--format", "html", "-j", "1", *folders, "--out", str(output)])
    assert code == 0
    # The two handouts a person looks at are printed from the documents the build composed.
    measures = MeasureCache(output / ".cache" / "readability.json")  # measured by the build
    lesson_ids = tuple(_id(name) for name in PRINTED)
    project_folders = Folders(root / "lessons", root / "articles", output)
    gathered = gather(project_folders, Selection(lesson_ids, level_id="source"), None, measures.measure)
    assert not gathered.errors and len(gathered.passages) == len(PRINTED)
    renderer = Renderer()
    try:
        for lesson, passage in gathered.passages:
            handout, _teacher = compose_handouts(lesson, passage, ComposeOptions())
            (output / lesson.id / "source" / "handout.pdf").write_bytes(renderer.pdf(handout)[0])
    finally:
        renderer.close()
    return root


def _pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


@pytest.mark.parametrize("name", FIXTURES)
def test_imported_article_reads_back_with_its_metadata(project, name):
    article = read_article(project / "articles" / f"{_id(name)}.txt")
    assert article.title == _id(name).replace("-", " ").title()
    assert article.source.license == "CC BY-SA 4.0"
    assert article.source.deed == "https://creativecommons.org/licenses/by-sa/4.0/"
    assert article.source.retrieved == "2024-05-02"
    if name in MARKED and name != "lake-sevan.txt":
        assert [(s.id, s.parent) for s in article.sections] == MARKED[name]
    text = (project / "articles" / f"{_id(name)}.txt").read_text(encoding="utf-8")
    assert text.startswith("<!-- article text")
    assert "Part 1" not in text


@pytest.mark.parametrize("name", FIXTURES)
def test_built_handout_has_no_boilerplate_and_an_honest_footer(project, name):
    flat = html_text(project / "output" / _id(name) / "source" / "handout.html")
    article = read_article(project / "articles" / f"{_id(name)}.txt")
    covers = COVERS_TO[name] if COVERS_TO[name].isdigit() else "1940"
    footer = re.search(r"Adapted from “.*?Text describes events up to \S+\.", flat)
    assert footer, flat[:300]
    assert footer.group(0).startswith(f"Adapted from \u201c{article.title}\u201d, Example Encyclopedia")
    assert "License: CC BY-SA 4.0" in footer.group(0)
    assert footer.group(0).endswith(f"Text describes events up to {covers}.")
    body = flat.replace(footer.group(0), " ")
    assert " ".join(article.section("introduction").paragraphs[0].split()[:4]) in body
    assert [w for w in BOILERPLATE if w in body] == []
    assert not re.search(r"\bPart \d", flat)


@pytest.mark.parametrize("name", PRINTED)
def test_printed_handout_reads_back_with_its_footer(project, name, tmp_path):
    """The printed handout (looked at by a person too): pages that rasterize, the text and
    the footer on every page."""
    pdf = project / "output" / _id(name) / "source" / "handout.pdf"
    subprocess.run(["pdftoppm", "-png", "-r", "40", str(pdf), str(tmp_path / _id(name))], check=True)
    pages = sorted(tmp_path.glob(f"{_id(name)}-*.png"))
    assert pages
    text = _pdf_text(pdf)
    flat = re.sub(r"\s+", " ", re.sub(r"Page \d+ of \d+", " ", text))
    article = read_article(project / "articles" / f"{_id(name)}.txt")
    assert " ".join(article.section("introduction").paragraphs[0].split()[:4]) in flat
    assert [w for w in BOILERPLATE if w in flat.split("Adapted from")[0]] == []
    assert flat.count(f"Adapted from \u201c{article.title}\u201d, Example Encyclopedia") == len(pages)
    numbers = [(int(a), int(b)) for a, b in re.findall(r"Page (\d+) of (\d+)", text)]
    assert numbers == [(n, len(pages)) for n in range(1, len(pages) + 1)]


def test_show_article_lists_sections_events_and_font_warnings(project, run_cli):
    result = run_cli("show-article", "caspian-sea", "--articles-dir", project / "articles")
    assert result.code == 0
    out = result.out
    assert out.startswith("Caspian Sea  (")
    assert "copied 2 May 2024; the text describes events up to 2018" in out
    assert re.search(
        r"\n  legal-status +50 +\d+\.\d  Legal status\n      After the Soviet Union broke up", out
    )
    assert "  Basin countries: Azerbaijan, Iran, Kazakhstan, Russia, Turkmenistan" in out
    assert re.search(r"12 August 2018 +legal-status 1\n", out)
    assert (
        "characters not in Andika, DejaVu Serif (they print in DejaVu Sans): "
        "U+0627 ا (arabic letter alef)" in out
    )


def test_show_article_warns_about_long_text_and_surviving_references(tmp_path, run_cli):
    articles = tmp_path / "articles"
    articles.mkdir()
    long_paragraph = " ".join(["The river runs past the town and its fields."] * 25)
    (articles / "river.txt").write_text(
        "<!-- article text -->\n\n"
        + "\n\n".join([long_paragraph] * 3)
        + "\n\n## Notes on sources\n\nSmith, J. (1998). The River. Retrieved 12 March 2024.\n",
        encoding="utf-8",
    )
    result = run_cli("show-article", "river", "--articles-dir", articles, "--max-paragraph-words", "200")
    assert result.code == 0
    warnings = result.out.split("\nwarnings: ")[1].splitlines()
    assert warnings == [
        "6",
        f"  no metadata file: a build needs the title and license; run 'python -m generator "
        f"add-article {articles / 'river.txt'}'",
        "  section 'introduction' has 675 words (over 600): a lesson can take part of it "
        "(- section: introduction, paragraphs: 1-2)",
        "  section 'introduction' paragraph 1 has 225 words (over 200)",
        "  section 'introduction' paragraph 2 has 225 words (over 200)",
        "  section 'introduction' paragraph 3 has 225 words (over 200)",
        "  section 'notes-on-sources' paragraph 1 looks like a citation: "
        "'(1998). The River. Retrieved 12 March 2024.'",
    ]


def test_missing_metadata_is_refused_without_a_terminal(tmp_path, run_cli):
    result = run_cli("add-article", PAGES / "honeybee.txt", "--articles-dir", tmp_path, "--title", "Honeybee")
    assert result.code == 1
    assert result.err == (
        f"error: {PAGES / 'honeybee.txt'}: expected the article's license, retrieved, covers_to, found none; "
        "give --license ... --retrieved ... --covers-to ... (they are asked for only on a terminal, "
        "and never guessed from the text)\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_unknown_license_is_refused_with_the_list(tmp_path, run_cli):
    flags = _flags("honeybee.txt")
    flags[flags.index("--license") + 1] = "GFDL"
    result = run_cli("add-article", PAGES / "honeybee.txt", "--articles-dir", tmp_path, *flags)
    assert result.code == 1
    assert result.err == (
        "error: --license: expected one of CC BY-SA 4.0, CC BY-SA 3.0, CC BY 4.0, CC BY 3.0, "
        "Public domain, Used with permission, found 'GFDL'; a page under another license cannot "
        "be printed for a class\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_existing_article_is_not_replaced_without_force(tmp_path, run_cli):
    args = ["add-article", PAGES / "honeybee.txt", "--articles-dir", tmp_path, *_flags("honeybee.txt")]
    assert run_cli(*args).code == 0
    result = run_cli(*args)
    assert result.code == 1
    assert "an article with the id 'honeybee' exists; pass --id for another id, or --force" in result.err
    assert run_cli(*args, "--force").code == 0


def test_terminal_asks_for_missing_metadata(tmp_path, run_cli, monkeypatch):
    answers = iter(["", "https://encyclopedia.example/bees", "CC BY 4.0", "A. Writer", "", "2024"])
    asked: list[str] = []

    def fake_input(prompt: str) -> str:
        asked.append(prompt)
        return next(answers)

    monkeypatch.setattr(add_article, "_interactive", lambda: True)
    monkeypatch.setattr("builtins.input", fake_input)
    result = run_cli("add-article", PAGES / "honeybee.txt", "--articles-dir", tmp_path)
    assert result.code == 0, result.err
    assert asked[0] == "Title of the article [Honeybee]: "  # the page's own first line, offered to confirm
    meta = (tmp_path / "honeybee.yaml").read_text(encoding="utf-8")
    assert "title: Honeybee" in meta and "license: CC BY 4.0" in meta
    assert f"retrieved: '{date.today().isoformat()}'" in meta
    assert "attribution: A. Writer" in meta


def text_path_yaml(root: Path) -> Path:
    return root / "articles" / "nagorno-karabakh-conflict.yaml"


def test_build_stops_on_an_article_without_metadata(workspace, run_cli):
    (workspace / "articles" / "nagorno-karabakh-conflict.yaml").unlink()
    from .conftest import folder_args

    result = run_cli("build", "origins", "--level", "source", "-j", "1", *folder_args(workspace))
    assert result.code == 1
    text, meta = workspace / "articles" / "nagorno-karabakh-conflict.txt", text_path_yaml(workspace)
    assert (
        f"{workspace / 'lessons' / 'origins.yaml'}:2: article: {text}: expected a metadata file {meta} "
        f"with the article's title and license, found none; write it with "
        f"'python -m generator add-article {text}'"
    ) in result.err
    assert not (workspace / "output" / "origins").exists()


@pytest.mark.parametrize(
    ("yaml_text", "message"),
    [
        (
            "title: A\nurl: https://x.org/a\nlicense: CC BY-SA 4.0\nlicence_url: https://x.org/l\n"
            "retrieved: 2024-04\ncovers_to: 2023\n",
            "{path}:4: licence_url: expected one of the keys attribution, covers_to, license, "
            "license_url, retrieved, title, url, found unknown key 'licence_url'; did you mean "
            "'license_url' or 'license'?",
        ),
        (
            "title: A\nurl: [https://x.org/a\n",
            "{path}:3: expected valid YAML, found did not find expected ',' or ']'; check the "
            "indentation and quote values that contain ': ' or start with a special character",
        ),
        (
            "title: A\nurl: https://x.org/a\nlicense: CC BY-SA 4.0\nretrieved: 2024-04-31\ncovers_to: 2023\n",
            "{path}:4: retrieved: expected a real date such as 2024-04-27, found 2024-04-31 "
            "(day is out of range for month); quote it if it is text",
        ),
        (
            "title: A\nurl: https://x.org/a\nlicense: CC BY-SA 4.0\nretrieved: 2024-04\n"
            "text_reflects: 2024-04\n",
            "{path}:5: text_reflects: expected the keys title, url, license, license_url, "
            "attribution, retrieved, covers_to, found the old key 'text_reflects'; its content goes "
            "in covers_to (the latest events the text covers) and retrieved (when it was copied)\n"
            "{path}:1: covers_to: expected a value, found nothing; add 'covers_to:' (it is required)",
        ),
        (
            "title: A\nurl: https://x.org/a\nlicense: CC BY-SA 4.0\nretrieved: 2023\ncovers_to: 2024-01\n",
            "{path}:5: covers_to: expected a date no later than retrieved (2023), found 2024-01; "
            "a page cannot describe events after it was copied",
        ),
    ],
)
def test_metadata_errors_name_file_line_and_key(tmp_path, run_cli, yaml_text, message):
    shutil.copy(PAGES / "honeybee.txt", tmp_path / "bees.txt")
    (tmp_path / "bees.yaml").write_text(yaml_text, encoding="utf-8")
    result = run_cli("show-article", "bees", "--articles-dir", tmp_path)
    assert result.code == 1
    assert result.err == "error: " + message.format(path=tmp_path / "bees.yaml") + "\n"
    assert "Traceback" not in result.err


def test_show_article_unknown_id(run_cli):
    result = run_cli("show-article", "nagorno-karabakh", "--articles-dir", ROOT / "articles")
    assert result.code == 1
    assert result.err == (
        f"error: {ROOT / 'articles' / 'nagorno-karabakh.txt'}: no such article; expected one of "
        "nagorno-karabakh-conflict; did you mean 'nagorno-karabakh-conflict'?\n"
    )
