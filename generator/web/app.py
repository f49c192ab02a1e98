"""The web app: routes, pages and the rules every response follows.

In: the project's folders, the build's worker count, and whether the server
listens only on this machine. Out: a Starlette ASGI app. Pages are Jinja2
templates (autoescaped, strict: a misspelled variable is an error, not a blank)
with their CSS and script inline, so the only files ever served come from the
output and lessons folders (routes.py). Every HTML page carries a Content
Security Policy that allows exactly that inline CSS and script.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import logging
import threading
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from generator.config import Folders
from generator.web.builds import Builder
from generator.web.catalog import Library
from generator.web.choice import PageError

HERE = Path(__file__).resolve().parent
LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "[::1]", "::1"]
log = logging.getLogger("generator.web")


def _inline_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


@dataclass
class Web:
    """What every request handler works with."""

    folders: Folders
    library: Library
    builder: Builder
    jobs: int
    env: jinja2.Environment
    css: str
    script: str

    def page(self, template: str, status: int = 200, **values: Any) -> HTMLResponse:
        html = self.env.get_template(template).render(css=self.css, script=self.script, **values)
        return HTMLResponse(html, status_code=status)

    def csp(self) -> str:
        return (
            "default-src 'none'; img-src 'self'; connect-src 'self'; form-action 'self'; "
            f"style-src {_inline_hash(self.css)}; script-src {_inline_hash(self.script)}; "
            "base-uri 'none'; frame-ancestors 'none'"
        )


def web_of(request: Request) -> Web:
    web: Web = request.app.state.web
    return web


class SecurityHeaders:
    """Headers on every response: no MIME sniffing, no framing, no referrer; CSP on pages."""

    def __init__(self, app: ASGIApp, csp: str) -> None:
        self.app = app
        self.csp = csp.encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"),
                    (b"x-frame-options", b"DENY"),
                ]
                content_type = dict(headers).get(b"content-type", b"")
                if content_type.startswith(b"text/html"):
                    headers.append((b"content-security-policy", self.csp))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


def create_app(folders: Folders, jobs: int, local_only: bool = True, preload: bool = True) -> Starlette:
    """The app for a project's folders; `local_only` accepts requests addressed to this machine
    only; `preload` starts the build process (loading the engine) with the server, not with the
    first build."""
    from generator.web import routes

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    css = (HERE / "static" / "style.css").read_text(encoding="utf-8")
    script = (HERE / "static" / "app.js").read_text(encoding="utf-8")
    web = Web(folders, Library(folders), Builder(folders, jobs), jobs, env, css, script)
    middleware = [Middleware(SecurityHeaders, csp=web.csp())]
    if local_only:
        # A page elsewhere cannot reach this server through a DNS name pointed at 127.0.0.1.
        middleware.append(Middleware(TrustedHostMiddleware, allowed_hosts=LOOPBACK_HOSTS))
    app = Starlette(
        routes=[Route(path, endpoint, methods=methods) for path, endpoint, methods in routes.ROUTES],
        middleware=middleware,
        exception_handlers={
            PageError: _page_error,
            HTTPException: _http_error,
            Exception: _server_error,
        },
        lifespan=_lifespan,
        max_body_size=64 * 1024,  # the one form posts a few short fields
    )
    app.state.web = web
    app.state.preload = preload
    return app


def warm_up(library: Library) -> None:
    """Read the library before the first page asks for it."""
    try:
        library.catalog()
    except Exception as exc:  # noqa: BLE001 - the pages report any real problem when asked
        log.warning("reading the library failed: %s: %s", type(exc).__name__, exc)


@contextlib.asynccontextmanager
async def _lifespan(app: Starlette) -> AsyncIterator[None]:
    web: Web = app.state.web
    if app.state.preload:
        web.builder.start()  # loads the engine in its own process while the teacher chooses
    threading.Thread(target=warm_up, args=(web.library,), name="web-warm-up", daemon=True).start()
    yield
    await run_in_threadpool(app.state.web.builder.stop)  # let a running build finish writing


async def _page_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, PageError)
    return web_of(request).page("error.html", exc.status, title=exc.title, message=exc.message)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 404:
        title, message = "Not found", "There is nothing at this address. Start again from the library."
    elif exc.status_code == 405:
        title, message = "Not allowed", "This address does not take that kind of request."
    else:
        title, message = "That request cannot be used", str(exc.detail)
    return web_of(request).page("error.html", exc.status_code, title=title, message=message)


async def _server_error(request: Request, exc: Exception) -> Response:
    log.error("error on %s: %s: %s", request.url.path, type(exc).__name__, exc)
    message = (
        f"The page could not be made ({type(exc).__name__}). The server's window has the details; "
        "the other pages keep working."
    )
    return web_of(request).page("error.html", 500, title="Something went wrong", message=message)
