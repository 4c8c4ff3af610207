"""Running the app: in the foreground for ``watchfloor serve``, or in a background thread
for scripts and tests that drive it with a browser (tools/screenshots.py, tests/web)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import uvicorn

from watchfloor.exceptions import WatchfloorError
from watchfloor.store.opening import is_postgres_url
from watchfloor.web.app import create_app
from watchfloor.web.auth import WriteGuard


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


@dataclass
class Running:
    url: str
    token: str
    db: str | Path  # a SQLite file, or a PostgreSQL URL


def run(db: str | Path, token: str, host: str, port: int, reviewer: str | None) -> None:
    app = create_app(db, WriteGuard.for_server(token, host, port), reviewer)
    uvicorn.run(app, host=host, port=port, log_level="warning")


@contextmanager
def in_background(db: str | Path, token: str, reviewer: str | None = None,
                  host: str = "127.0.0.1", port: int = 0) -> Iterator[Running]:
    """The app on ``port`` (a free one when 0) in a thread, until the block ends."""
    port = port or free_port(host)
    app = create_app(db, WriteGuard.for_server(token, host, port), reviewer)
    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not server.started:
        if time.time() > deadline or not thread.is_alive():
            server.should_exit = True
            raise WatchfloorError(f"the web app did not start on {host}:{port}",
                                  "is the port taken? pass another one")
        time.sleep(0.05)
    try:
        yield Running(f"http://{host}:{port}", token,
                      db if is_postgres_url(db) else Path(db))
    finally:
        server.should_exit = True
        thread.join(10)
