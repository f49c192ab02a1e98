"""`python -m generator serve [--host 127.0.0.1] [--port 8000]`: the web page for teachers.

In: the host and port to listen on and the project's folders. Out: a running
local web server (uvicorn) for the app in generator/web/, and the URL to open,
printed. It listens on this machine only unless --host says otherwise.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.config import Folders, default_jobs
from generator.errors import GeneratorError

if TYPE_CHECKING:
    import socket

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def register(sub: Any) -> None:
    command = sub.add_parser("serve", help="run the web page: pick a lesson and a grade, preview, print")
    command.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1: this computer only; see the README first)",
    )
    command.add_argument(
        "--port", type=int, default=8000, help="port to listen on (default 8000; 0 picks a free one)"
    )
    command.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=default_jobs(),
        help="worker processes per build (default: $JOBS or cores)",
    )
    command.add_argument("--lessons-dir", type=Path, default=Path("lessons"))
    command.add_argument("--articles-dir", type=Path, default=Path("articles"))
    command.add_argument("--out", type=Path, default=Path("output"))
    command.set_defaults(run=run)


def listen(host: str, port: int) -> socket.socket:
    """A socket bound to host:port, or a GeneratorError that says how to get one."""
    import socket  # here, not at the top: the CLI imports every command's module

    if not 0 <= port <= 65535:
        raise GeneratorError(f"--port: expected a port from 0 to 65535, found {port}")
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise GeneratorError(f"--host: cannot listen on '{host}' ({exc.strerror}); try 127.0.0.1") from None
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
    except OSError as exc:
        sock.close()
        raise GeneratorError(
            f"cannot listen on {host}:{port} ({exc.strerror}); is another server using it? "
            f"Try another port, e.g. --port {port + 1 if port else 8001}"
        ) from None
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def url_of(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from generator.web.app import create_app

    folders = Folders(args.lessons_dir, args.articles_dir, args.out)
    for what, folder in (("--lessons-dir", folders.lessons), ("--articles-dir", folders.articles)):
        if not folder.is_dir():
            raise GeneratorError(
                f"{what}: expected a folder, found no folder {folder}; run from the project folder"
            )
    if args.jobs < 1:
        raise GeneratorError(f"-j: expected at least 1 job, found {args.jobs}")
    folders.output.mkdir(parents=True, exist_ok=True)
    local_only = args.host in LOOPBACK
    sock = listen(args.host, args.port)
    app = create_app(folders, args.jobs, local_only=local_only)
    print(f"Open {url_of(sock)} in a web browser (Ctrl-C stops the server).", flush=True)
    if not local_only:
        print(
            f"note    listening on {args.host}: other computers on the network can open these pages, "
            "build documents and save custom lessons; see the README before doing this.",
            flush=True,
        )
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on")
    uvicorn.Server(config).run(sockets=[sock])
    return 0
