"""The pages and files of the web app, one handler each.

In: requests. Out: pages (library, lesson, errors), build progress as JSON,
and files from the output and lessons folders only (files.py decides which).
Handlers that touch files or build run in Starlette's thread pool; the
builds themselves run in the builder's thread (builds.py).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import quote, urlsplit

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, RedirectResponse, Response

from generator.web.app import Web, web_of
from generator.web.catalog import Catalog, LessonCard
from generator.web.choice import Choice, PageError, bad_request, check_lesson_id, read_choice
from generator.web.custom import CustomError, CustomForm, make_custom_lesson
from generator.web.documents import current_shelf, zip_documents
from generator.web.files import content_type, served_file
from generator.web.previews import preview


def library(request: Request) -> Response:
    web = web_of(request)
    catalog = web.library.catalog()
    grade_text = request.query_params.get("grade", "").strip()
    grade = None
    if grade_text:
        if not grade_text.isdigit() or not 1 <= int(grade_text) <= 12:
            raise bad_request(f"Expected a grade from 1 to 12, found {grade_text[:20]!r}.")
        grade = int(grade_text)
    unit = web.folders.output / "unit-overview.pdf"
    return web.page(
        "library.html",
        catalog=catalog,
        grade=grade,
        lessons=catalog.for_grade(grade),
        unit_overview=unit.is_file(),
    )


def _card(web: Web, lesson_id: str) -> tuple[Catalog, LessonCard]:
    catalog = web.library.catalog()
    check_lesson_id(lesson_id, list(catalog.lessons))
    card = catalog.lessons[lesson_id]
    return catalog, card


def lesson(request: Request) -> Response:
    web = web_of(request)
    catalog, card = _card(web, request.path_params["lesson_id"])
    return _lesson_page(web, catalog, card, request.query_params)


def _lesson_page(
    web: Web,
    catalog: Catalog,
    card: LessonCard,
    query: Mapping[str, str],
    custom: dict[str, Any] | None = None,
    status: int = 200,
) -> Response:
    values: dict[str, Any] = {"catalog": catalog, "card": card, "choice": None, "shelf": None, "job": None}
    values["custom"] = custom or {"errors": [], "id": "", "title": "", "grades": [], "documents": []}
    values["created"] = query.get("created") == "1"
    values["changed"] = False
    if card.ok and catalog.levels is not None:
        choice = read_choice(card.id, query, card.grades, catalog.levels)
        values["choice"] = choice
        if choice.picked and custom is None:
            values.update(_documents(web, catalog, choice, query.get("job", "")))
    else:
        values["choice"] = Choice(card.id)
    return web.page("lesson.html", status, **values)


def _documents(web: Web, catalog: Catalog, choice: Choice, seen_job: str) -> dict[str, Any]:
    """The current documents of a choice; or the build that makes them, started if need be."""
    assert catalog.levels is not None
    config = choice.config(web.folders, web.jobs)
    shelf = current_shelf(config, catalog.levels)
    latest = web.builder.latest(choice)
    if shelf is not None:
        return {"shelf": shelf, "job": latest if latest and latest.finished else None}
    signature = web.library.signature()
    if latest is not None and not latest.finished:
        return {"job": latest}
    if latest is not None and latest.state == "failed" and latest.signature == signature:
        return {"job": latest}  # its errors stand until a lesson file changes
    if latest is not None and latest.id == seen_job and latest.state == "done":
        return {"job": latest, "changed": True}  # built, then changed again: no rebuild loop
    return {"job": web.builder.request(choice, signature)}


def job_status(request: Request) -> Response:
    job = web_of(request).builder.get(request.path_params["job_id"])
    if job is None:
        return JSONResponse({"error": "no such build"}, status_code=404)
    return JSONResponse(job.as_dict(), headers={"Cache-Control": "no-store"})


def lesson_zip(request: Request) -> Response:
    web = web_of(request)
    catalog, card = _card(web, request.path_params["lesson_id"])
    if not card.ok or catalog.levels is None:
        raise PageError(409, "This lesson has errors", "Fix the errors shown on the lesson's page first.")
    choice = read_choice(card.id, request.query_params, card.grades, catalog.levels)
    if not choice.picked:
        raise bad_request("Pick a grade (or a level) to download its documents.")
    shelf = current_shelf(choice.config(web.folders, web.jobs), catalog.levels)
    if shelf is None:  # not built yet: the lesson page builds it and shows progress
        return RedirectResponse(f"/lessons/{card.id}?{choice.query()}", status_code=303)
    what = f"grade-{choice.grade}" if choice.grade is not None else choice.level_id
    options = ("-large-print" if choice.large_print else "") + (
        "-dyslexic" if choice.font == "dyslexic" else ""
    )
    name = f"{card.id}-{what}-{choice.paper}{options}.zip"
    return Response(
        zip_documents(shelf, web.folders.output),
        media_type="application/zip",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def files(request: Request) -> Response:
    """A file under the output or lessons folder; `?download=1` saves it under a telling name."""
    web = web_of(request)
    area, rest = request.path_params["area"], request.path_params["rest"]
    path = served_file(web.folders, area, rest)
    if path is None:
        raise HTTPException(404)
    download = request.query_params.get("download") == "1"
    return FileResponse(
        path,
        media_type=content_type(area, path),
        filename=rest.replace("/", "-") if download else None,
        content_disposition_type="attachment" if download else "inline",
    )


def preview_image(request: Request) -> Response:
    name: str = request.path_params["name"]
    path = (
        preview(web_of(request).folders.output, name.removesuffix(".png")) if name.endswith(".png") else None
    )
    if path is None:
        raise HTTPException(404)
    # Named by the PDF's hash: the same name is always the same picture.
    return FileResponse(
        path, media_type="image/png", headers={"Cache-Control": "max-age=31536000, immutable"}
    )


async def custom_lesson(request: Request) -> Response:
    web = web_of(request)
    _same_origin(request)
    catalog, card = await run_in_threadpool(_card, web, request.path_params["lesson_id"])
    if not card.ok:
        raise PageError(409, "This lesson has errors", "Fix the errors shown on the lesson's page first.")
    data = await request.form()
    form = CustomForm(
        lesson_id=str(data.get("id", "")).strip(),
        title=str(data.get("title", "")),
        grades=tuple(str(g) for g in data.getlist("grades")),
        documents=tuple(str(d) for d in data.getlist("documents")),
    )
    try:
        await run_in_threadpool(make_custom_lesson, form, card, web.folders)
    except CustomError as exc:
        custom = {
            "errors": exc.messages,
            "id": form.lesson_id,
            "title": form.title,
            "grades": list(form.grades),
            "documents": list(form.documents),
        }
        return await run_in_threadpool(_lesson_page, web, catalog, card, {}, custom, 400)
    grade = next((g for g in form.grades if g.isdigit()), "")
    paper = quote(request.query_params.get("paper", "letter"))
    return RedirectResponse(
        f"/lessons/{form.lesson_id}?created=1&grade={grade}&paper={paper}", status_code=303
    )


def _same_origin(request: Request) -> None:
    """Refuse a form posted from another site's page (the browser says where it came from)."""
    origin = request.headers.get("origin")
    cross = request.headers.get("sec-fetch-site") == "cross-site"
    if cross or (origin and origin != "null" and urlsplit(origin).netloc != request.headers.get("host")):
        raise PageError(403, "Refused", "This form can only be sent from this server's own pages.")


ROUTES: list[tuple[str, Callable[[Request], Any], list[str]]] = [
    ("/", library, ["GET"]),
    ("/lessons/{lesson_id}", lesson, ["GET"]),
    ("/lessons/{lesson_id}/zip", lesson_zip, ["GET"]),
    ("/lessons/{lesson_id}/custom", custom_lesson, ["POST"]),
    ("/jobs/{job_id}", job_status, ["GET"]),
    ("/files/{area}/{rest:path}", files, ["GET"]),
    ("/previews/{name}", preview_image, ["GET"]),
]
