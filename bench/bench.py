"""Benchmark the batch build against the bare renderer, in one run.

Prints a table and writes output/bench.json with:
  overhead_ratio       full build at -j 1 / WeasyPrint alone rendering the same HTML
                       (one process, engine objects reused); both timed as fresh processes
  parallel_speedup     full build at -j 1 / full build at -j 2
  noop_seconds         a second build with nothing changed
  edit_to_pdf_seconds  from editing one lesson file (a new objective: teacher copies, guides and
                       pack covers change at every level) to its rebuilt PDFs
  edit_question_to_pdf_seconds  the same for a smaller edit: one question at one level
  watch_edit_to_pdf_seconds           the objective edit in a warm watcher (`generator watch` as it
                       runs by default: the same engine and output folder, this process keeping the
                       articles and caches, render workers (one per core) forked warm and kept between
                       saves), from the save to its rebuilt PDFs; the watcher watches every level of
                       `origins`, so the edit renders 8 teacher copies and guides and 8 pack covers
                       (the covers list the objectives) and merges 8 packs
  watch_edit_question_to_pdf_seconds  the same for the one-question edit (one level: the sheet, its
                       key, and 2 packs merged around their unchanged, cached covers)
  watch_one_level_edit_to_pdf_seconds, watch_one_level_edit_question_to_pdf_seconds  the same two
                       edits in a watcher of one level (`generator watch --level middle`, as the
                       README suggests while writing): 2 copies and 2 covers, or the sheet and key
  layouts_per_pdf      WeasyPrint layouts per PDF rendered (documents and pack covers) in the -j 1
                       build: the fit search (generator/render/fit.py) lays a document out again with
                       other spacing when its last page ends nearly empty. The bare renderer lays
                       each out once, so every layout over 1.0 counts in overhead_ratio
  memory_growth_ratio  peak memory building 10x the documents / building 1x (-j 1)
  classset_speed_ratio pages per second of the class sets (flashcards and 30 bingo cards of
                       every lesson's elementary and middle levels) drawn by ReportLab / the same
                       pages (same coordinates, as absolutely placed HTML and SVG) typeset by
                       WeasyPrint; both in one process, engine objects made once, after a warm-up
  article_read_seconds reading and normalizing a 100-page article (the sample's text 40 times:
                       repair, read, tidy, write the clean form, assemble), best of three
  article_seconds_per_1000_words  the same, per 1,000 words of the article
  web_serve_pdf_ms     the web page (`python -m generator serve`) sending a current student pack:
                       median of 20 requests, the whole body read
  web_grade_to_pack_seconds  from asking the web page for a grade whose documents are missing
                       (a fresh output folder, the server started and its library page opened)
                       to the student pack downloaded, following the build as the page does;
                       web_grade_to_pack_cpu_seconds is the server's and its workers' CPU time
Every figure comes from this run; nothing is asserted here or in the test suite.
`python bench/bench.py --classsets` measures only the class sets; `--watch` only the watcher;
`--web` only the web page.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BARE = """
import sys, time
from pathlib import Path
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
layouts, folder = Path(sys.argv[1]), Path(sys.argv[2])
fonts = FontConfiguration()
sheets = [CSS(filename=str(layouts / "print.css"), font_config=fonts),
          CSS(string="@page { size: letter; }", font_config=fonts)]
cache = {}
for page in sorted(folder.glob("*.html")):
    HTML(filename=str(page), base_url=str(layouts)).write_pdf(
        page.with_suffix(".pdf"), stylesheets=sheets, font_config=fonts, cache=cache)
"""


def run(command: list[str]) -> tuple[float, int]:
    """Wall seconds and peak memory (KiB) of one fresh process."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{process.stderr.read().decode()}")
    return seconds, usage.ru_maxrss


def build(lessons: Path, out: Path, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "generator",
        "build",
        "--lessons-dir",
        str(lessons),
        "--articles-dir",
        str(ROOT / "articles"),
        "--out",
        str(out),
        *extra,
    ]


def export_html(lessons: Path, folder: Path) -> int:
    """Write the HTML of every document (and pack cover) the build renders."""
    from generator.config import ComposeOptions, Folders, Selection
    from generator.documents.composers import compose_all
    from generator.documents.packs import PACKS, compose_cover
    from generator.passages.gather import gather
    from generator.render.renderer import Renderer

    renderer = Renderer()
    gathered = gather(Folders(lessons, ROOT / "articles", folder), Selection())
    count = 0
    for lesson, passage in gathered.passages:
        documents = compose_all(lesson, passage, ComposeOptions())
        kinds = {d.kind for d in documents}
        documents += [compose_cover(pack, lesson, passage, kinds) for pack in PACKS]
        for document in documents:
            count += 1
            (folder / f"{count:04d}.html").write_text(renderer.html(document), encoding="utf-8")
    return count


def add_objective(lesson: Path, text: str) -> None:
    import yaml

    data = yaml.safe_load(lesson.read_text(encoding="utf-8"))
    data["objectives"].insert(0, text)
    lesson.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def revise_question(lesson: Path) -> None:
    """A smaller edit: one question's wording at one level."""
    import yaml

    data = yaml.safe_load(lesson.read_text(encoding="utf-8"))
    data["questions"]["middle"][0]["prompt"] += " Explain briefly."
    lesson.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def watch_edits(
    lessons: Path, out: Path, only: tuple[str, ...] = (), level: str | None = None
) -> tuple[float, float]:
    """Seconds from a save to rebuilt PDFs in a warm watcher: an objective, then one question."""
    from generator.config import BuildConfig, Folders, Selection
    from generator.watch.loop import Watcher

    quiet = open(os.environ.get("BENCH_WATCH_LOG", os.devnull), "a")  # noqa: SIM115 - the watcher's lines
    config = BuildConfig(Folders(lessons, ROOT / "articles", out), Selection(only, level_id=level))
    watcher = Watcher(config, quiet)
    suffix = f" ({level})" if level else ""  # each edit a new objective
    try:
        watcher.start()  # warms up, forks its workers and brings `out` up to date, as `generator watch` does
        lesson = lessons / "origins.yaml"
        timings = []
        for edit in (
            lambda: add_objective(lesson, f"Say why{suffix}."),
            lambda: revise_question(lesson),
        ):
            edit()
            started = time.perf_counter()
            report = watcher.handle({lesson})
            timings.append(time.perf_counter() - started)
            if report is None or not report.ok or not report.built:
                raise SystemExit(f"the watcher did not rebuild {lesson}: {report and report.errors}")
    finally:
        watcher.close()
    return timings[0], timings[1]


def layouts_per_pdf(out: Path) -> float:
    """Layouts per rendered PDF, from what the build recorded of its fit searches."""
    from generator.build.rendercache import CACHE, FITS

    entries = json.loads((out / CACHE / FITS).read_text(encoding="utf-8")).values()
    return sum(entry["layouts"] for entry in entries) / max(len(entries), 1)


def synthetic_copies(lessons: Path, copies: int) -> None:
    """Each bundled lesson `copies` more times, as custom lessons extending it."""
    from generator.spec.files import lesson_paths

    for path in lesson_paths(lessons):
        for n in range(1, copies + 1):
            (lessons / f"{path.stem}-copy-{n}.yaml").write_text(
                f"extends: {path.stem}\ntitle: Copy {n} of {path.stem}\n", encoding="utf-8"
            )


def classset_pages(lessons: Path) -> list:
    """The flashcard and bingo pages of the bundled lessons that can deal bingo cards."""
    from generator.config import Folders
    from generator.errors import GeneratorError
    from generator.exports.bingo import card_pages, deal
    from generator.exports.flashcards import flashcard_pages
    from generator.exports.source import load_source
    from generator.spec.files import lesson_paths

    pages = []
    for path in lesson_paths(lessons):
        for level in ("elementary", "middle"):
            try:
                source = load_source(Folders(lessons, ROOT / "articles", ROOT / "output"), path.stem, level)
                bingo = deal(source, 30, True, 0)
            except GeneratorError:
                continue  # a level the lesson does not serve, or too few words for bingo
            pages += flashcard_pages(source, "letter", "long") + card_pages(source, bingo, "letter")
    return pages


def classset_html(pages: list) -> str:
    """The same pages as HTML: text placed at the same points, rules and boxes in an SVG layer."""
    from html import escape

    from generator.exports.pages import Box, Mark, Rule

    width, height = pages[0].width, pages[0].height
    out = [
        "<!DOCTYPE html><html><head><meta charset='utf-8'><style>",
        f"@page {{ size: {width}pt {height}pt; margin: 0 }} body {{ margin: 0 }}",
        f".page {{ position: relative; width: {width}pt; height: {height}pt; break-after: page }}",
        ".page svg { position: absolute; left: 0; top: 0 }",
        ".t { position: absolute; white-space: pre; line-height: 1 }",
        "</style></head><body>",
    ]
    shift = {"start": "", "middle": "transform: translateX(-50%);", "end": "transform: translateX(-100%);"}
    for page in pages:
        out.append(
            f"<div class='page'><svg width='{width}pt' height='{height}pt' viewBox='0 0 {width} {height}'>"
        )
        for item in page.items:
            if isinstance(item, Rule):
                dash = f" stroke-dasharray='{' '.join(map(str, item.dash))}'" if item.dash else ""
                grey = round(255 * item.grey)
                out.append(
                    f"<line x1='{item.x1}' y1='{height - item.y1}' x2='{item.x2}' y2='{height - item.y2}' "
                    f"stroke='rgb({grey},{grey},{grey})' stroke-width='{item.width}'{dash}/>"
                )
            elif isinstance(item, Box):
                fill = "none" if item.fill is None else f"rgb({(v := round(255 * item.fill))},{v},{v})"
                out.append(
                    f"<rect x='{item.x}' y='{height - item.y - item.h}' width='{item.w}' height='{item.h}' "
                    f"fill='{fill}' stroke='black' stroke-width='{item.width}'/>"
                )
            elif isinstance(item, Mark):
                y, reach = height - item.y, item.r * 1.6
                out.append(
                    f"<circle cx='{item.x}' cy='{y}' r='{item.r}' fill='none' stroke='black' "
                    "stroke-width='0.6'/>"
                    f"<path d='M{item.x - reach} {y}H{item.x + reach}M{item.x} {y - reach}V{y + reach}' "
                    "stroke='black' stroke-width='0.6'/>"
                )
        out.append("</svg>")
        for item in page.texts():
            family, _, style = item.font.rpartition("-")
            grey = round(255 * item.grey)
            out.append(
                f"<div class='t' style='left: {item.x}pt; top: {height - item.y - 0.8 * item.size}pt; "
                f'font: {"bold " if style == "bold" else ""}{item.size}pt "{family}"; '
                f"color: rgb({grey},{grey},{grey}); {shift[item.anchor]}'>{escape(item.text)}</div>"
            )
        out.append("</div>")
    out.append("</body></html>")
    return "".join(out)


def classset_speed(lessons: Path) -> dict[str, float]:
    """Pages per second of the class sets: ReportLab against WeasyPrint, same pages, one process."""
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    from generator.exports.pdfdraw import draw_pdf

    pages = classset_pages(lessons)
    html = classset_html(pages)
    fonts = FontConfiguration()
    draw_pdf(pages[:2], "warm-up", "")
    HTML(string=classset_html(pages[:2])).write_pdf(font_config=fonts)
    started = time.perf_counter()
    draw_pdf(pages, "bench", "")
    reportlab = time.perf_counter() - started
    started = time.perf_counter()
    document = HTML(string=html).render(font_config=fonts)
    document.write_pdf()
    weasyprint = time.perf_counter() - started
    if len(document.pages) != len(pages):
        raise SystemExit(f"WeasyPrint made {len(document.pages)} pages of {len(pages)}: not the same pages")
    return {
        "classset_pages": len(pages),
        "classset_reportlab_pages_per_second": round(len(pages) / reportlab, 1),
        "classset_weasyprint_pages_per_second": round(len(pages) / weasyprint, 1),
        "classset_speed_ratio": round(weasyprint / reportlab, 2),
    }


def _get(base: str, path: str) -> bytes:
    from urllib.request import urlopen

    with urlopen(base + path, timeout=600) as response:  # the bench's own local server
        data: bytes = response.read()
        return data


def _cpu_seconds(pid: int) -> float:
    """CPU time of a process, its reaped children and its living ones (the server's build
    process, whose own workers it reaps), from /proc."""
    proc = Path(f"/proc/{pid}")
    fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
    total = sum(int(v) for v in fields[11:15]) / os.sysconf("SC_CLK_TCK")
    for task in proc.glob("task/*/children"):
        total += sum(_cpu_seconds(int(child)) for child in task.read_text().split())
    return total


def web_speed(lessons: Path, out: Path) -> dict[str, float]:
    """The web page: a missing grade to a downloadable student pack, and serving a current PDF."""
    command = [sys.executable, "-m", "generator", "serve", "--port", "0", "--lessons-dir", str(lessons)]
    command += ["--articles-dir", str(ROOT / "articles"), "--out", str(out)]
    with subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True) as server:
        try:
            assert server.stdout is not None
            base = server.stdout.readline().split()[1].rstrip("/")
            _get(base, "/")  # a teacher opens the library first
            time.sleep(2)  # and reads it: the server has warmed up
            started, cpu = time.perf_counter(), _cpu_seconds(server.pid)
            page = _get(base, "/lessons/origins?grade=4").decode()
            job = page.split('data-job="', 1)[1].split('"', 1)[0]
            while b'"state":"done"' not in (status := _get(base, f"/jobs/{job}")):
                if b'"state":"failed"' in status:
                    raise SystemExit(f"the web build failed: {status.decode()}")
                time.sleep(0.05)
            page = _get(base, f"/lessons/origins?grade=4&job={job}").decode()
            link = page.split('data-kind="student-pack" href="', 1)[1].split('"', 1)[0]
            pack = _get(base, link.replace("&amp;", "&"))
            to_pack = time.perf_counter() - started
            to_pack_cpu = _cpu_seconds(server.pid) - cpu
            if not pack.startswith(b"%PDF"):
                raise SystemExit("the web page did not send the student pack")
            times = []
            for _ in range(20):
                started = time.perf_counter()
                _get(base, link.replace("&amp;", "&"))
                times.append(time.perf_counter() - started)
        finally:
            server.terminate()
            server.wait(timeout=60)
    return {
        "web_serve_pdf_ms": round(sorted(times)[len(times) // 2] * 1000, 1),
        "web_grade_to_pack_seconds": round(to_pack, 2),
        "web_grade_to_pack_cpu_seconds": round(to_pack_cpu, 2),  # on a loaded machine, the fairer figure
    }


def read_long_article(copies: int = 40) -> tuple[float, float, int]:
    """Best wall and CPU seconds of reading and normalizing the sample `copies` times over, and
    its words. The copies share one "See also" at the end, as one long page would."""
    from generator.sources.article import read_page
    from generator.sources.assemble import assemble
    from generator.sources.normalized import to_text

    text = (ROOT / "articles" / "nagorno-karabakh-conflict.txt").read_text(encoding="utf-8")
    body, see_also, tail = text.partition("\nSee also\n")
    with tempfile.TemporaryDirectory(prefix="bench-article-") as folder:
        page_file = Path(folder) / "long.txt"
        page_file.write_text("\n\n".join([body] * copies) + see_also + tail, encoding="utf-8")
        best_wall = best_cpu = float("inf")
        words = 0
        for _ in range(3):
            started, cpu = time.perf_counter(), time.process_time()
            page = read_page(page_file)
            to_text(page)
            article = assemble(page, "long")
            best_wall = min(best_wall, time.perf_counter() - started)
            best_cpu = min(best_cpu, time.process_time() - cpu)
            words = sum(s.words for s in article.sections)
    return best_wall, best_cpu, words


def watch_only() -> dict[str, float]:
    """The watcher figures alone: the edited lesson built once, then the two edits."""
    work = Path(tempfile.mkdtemp(prefix="bench-watch-"))
    try:
        lessons = work / "lessons"
        shutil.copytree(ROOT / "lessons", lessons)
        run(build(lessons, work / "out", "-j", "2", "origins"))
        edit, question = watch_edits(lessons, work / "out", ("origins",))
        one_edit, one_question = watch_edits(lessons, work / "out", ("origins",), "middle")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return {
        "watch_edit_to_pdf_seconds": round(edit, 3),
        "watch_edit_question_to_pdf_seconds": round(question, 3),
        "watch_one_level_edit_to_pdf_seconds": round(one_edit, 3),
        "watch_one_level_edit_question_to_pdf_seconds": round(one_question, 3),
    }


def main() -> None:
    if sys.argv[1:] == ["--web"]:
        with tempfile.TemporaryDirectory(prefix="bench-web-") as folder:
            report(web_speed(ROOT / "lessons", Path(folder) / "out"))
        return
    if sys.argv[1:] == ["--watch"]:
        report(watch_only())
        return
    if sys.argv[1:] == ["--classsets"]:
        figures = classset_speed(ROOT / "lessons")
        for key, value in figures.items():
            print(f"{key:<38}{value:>10}")
        return
    article_wall, article_cpu, article_words = read_long_article()
    work = Path(tempfile.mkdtemp(prefix="bench-"))
    try:
        lessons = work / "lessons"
        shutil.copytree(ROOT / "lessons", lessons)
        html = work / "html"
        html.mkdir()
        documents = export_html(lessons, html)

        bare, _ = run([sys.executable, "-c", BARE, str(ROOT / "generator" / "layouts"), str(html)])
        one, _ = run(build(lessons, work / "out-j1", "-j", "1"))
        layouts = layouts_per_pdf(work / "out-j1")
        two, _ = run(build(lessons, work / "out-j2", "-j", "2"))
        noop, _ = run(build(lessons, work / "out-j2", "-j", "2"))
        lesson = lessons / "origins.yaml"
        lesson.write_text(lesson.read_text().replace("objectives:\n", "objectives:\n  - Name both sides.\n"))
        edit, _ = run(build(lessons, work / "out-j2", "-j", "2"))
        revise_question(lesson)
        edit_question, _ = run(build(lessons, work / "out-j2", "-j", "2"))
        watch_edit, watch_question = watch_edits(lessons, work / "out-j2")
        one_edit, one_question = watch_edits(lessons, work / "out-j2", (), "middle")

        many = work / "lessons-10x"
        shutil.copytree(ROOT / "lessons", many)
        synthetic_copies(many, 9)
        _, memory_1x = run(build(lessons, work / "mem-1x", "-j", "1", "--level", "elementary"))
        _, memory_10x = run(build(many, work / "mem-10x", "-j", "1", "--level", "elementary"))
        classsets = classset_speed(lessons)
        web = web_speed(lessons, work / "out-web")
    finally:
        shutil.rmtree(work, ignore_errors=True)

    results = {
        "overhead_ratio": round(one / bare, 3),
        "parallel_speedup": round(one / two, 3),
        "noop_seconds": round(noop, 3),
        "edit_to_pdf_seconds": round(edit, 3),
        "edit_question_to_pdf_seconds": round(edit_question, 3),
        "watch_edit_to_pdf_seconds": round(watch_edit, 3),
        "watch_edit_question_to_pdf_seconds": round(watch_question, 3),
        "watch_one_level_edit_to_pdf_seconds": round(one_edit, 3),
        "watch_one_level_edit_question_to_pdf_seconds": round(one_question, 3),
        "memory_growth_ratio": round(memory_10x / memory_1x, 3),
        "layouts_per_pdf": round(layouts, 2),
        "article_read_seconds": round(article_wall, 3),
        "article_seconds_per_1000_words": round(article_wall / article_words * 1000, 4),
        "article_read_cpu_seconds": round(article_cpu, 3),
        "article_words": article_words,
        "documents_rendered": documents,
        "bare_renderer_seconds": round(bare, 2),
        "build_j1_seconds": round(one, 2),
        "build_j2_seconds": round(two, 2),
        "peak_memory_1x_mib": round(memory_1x / 1024, 1),
        "peak_memory_10x_mib": round(memory_10x / 1024, 1),
        **classsets,
        **web,
        "cores": os.cpu_count(),
    }
    (ROOT / "output").mkdir(exist_ok=True)
    (ROOT / "output" / "bench.json").write_text(json.dumps(results, indent=2) + "\n")
    report(results)


# The live-preview issue's targets, then the web page's and the article reader's.
TARGETS: dict[str, tuple[str, float]] = {
    "overhead_ratio": ("<=", 1.05),
    "parallel_speedup": (">=", 1.85),
    "noop_seconds": ("<=", 0.2),
    "edit_to_pdf_seconds": ("<=", 2.0),
    "watch_edit_to_pdf_seconds": ("<=", 1.0),
    "watch_edit_question_to_pdf_seconds": ("<=", 0.5),
    "memory_growth_ratio": ("<=", 1.2),
    "web_serve_pdf_ms": ("<", 50),
    "web_grade_to_pack_seconds": ("<", 3),
    "article_read_seconds": ("<=", 1.0),
}


def report(results: dict[str, float]) -> None:
    """One line per figure, with its target and whether this run met it."""
    width = max(len(key) for key in results) + 2
    print(f"{'measure':<{width}}{'value':>10}  target")
    for key, value in results.items():
        line = f"{key:<{width}}{value:>10}"
        if key in TARGETS:
            op, bound = TARGETS[key]
            met = {"<=": value <= bound, ">=": value >= bound, "<": value < bound}[op]
            line += f"  {op} {bound:<6}{'met' if met else 'MISSED'}"
        print(line)


if __name__ == "__main__":
    main()
