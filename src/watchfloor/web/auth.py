"""Who may write: a token kept beside the knowledge base, and no cross-site requests.

Why both: the server listens on the analyst's own machine, so any web page the analyst
opens could send requests to it. A write must carry the token in a header (a plain HTML
form from another site cannot set headers), its Origin, when sent, must be this server,
and its Host must be one the server answers as (a DNS-rebinding page names its own host).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from watchfloor.exceptions import WatchfloorError
from watchfloor.store.opening import is_postgres_url

TOKEN_HEADER = "X-Watchfloor-Token"


class AuthError(WatchfloorError):
    """A write was refused; ``status`` is the HTTP status to answer with."""

    def __init__(self, status: int, code: str, message: str, hint: str | None = None) -> None:
        super().__init__(message, hint)
        self.status = status
        self.code = code


def token_path(db: str | Path) -> Path:
    """Beside a SQLite file; for a PostgreSQL base (no file of its own, and a URL may
    hold a password that must not become a file name) in the user's config folder, named
    by a hash of the URL without its password."""
    if not is_postgres_url(db):
        return Path(f"{db}.token")
    from watchfloor.store.pg_connection import redact

    config = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    digest = hashlib.sha256(redact(str(db)).encode()).hexdigest()[:16]
    return config / "watchfloor" / f"postgres-{digest}.token"


def load_or_create_token(db: str | Path) -> tuple[str, bool]:
    """The review token for ``db`` and whether it was created now (mode 0600, beside the
    knowledge base, so each base has its own)."""
    path = token_path(db)
    try:
        token = path.read_text(encoding="utf-8").strip()
        if token:
            return token, False
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise WatchfloorError(f"cannot read the review token {path}: {exc.strerror}",
                              "check the file's permissions, or delete it to make a new one"
                              ) from exc
    token = secrets.token_urlsafe(32)
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(token + "\n")
        os.chmod(path, 0o600)
    except OSError as exc:
        raise WatchfloorError(f"cannot write the review token {path}: {exc.strerror}",
                              "serve a knowledge base in a folder you can write to") from exc
    return token, True


@dataclass(frozen=True)
class WriteGuard:
    token: str
    hosts: frozenset[str]  # host:port values the server answers as

    @classmethod
    def for_server(cls, token: str, host: str, port: int) -> WriteGuard:
        """Loopback answers as its usual names; a named address as itself; a wildcard
        (0.0.0.0, ::) as anything, since its names are not known (Origin still checked)."""
        if host in ("0.0.0.0", "::", ""):
            return cls(token, frozenset())
        names = {host, "127.0.0.1", "localhost", "[::1]"} if host in (
            "127.0.0.1", "localhost", "::1") else {host if ":" not in host else f"[{host}]"}
        return cls(token, frozenset(f"{n}:{port}" for n in names))

    def check_host(self, host: str) -> None:
        """Every request, read or write: a page on another site that points its own name at
        this machine (DNS rebinding) sends its own name as Host, and is refused."""
        if self.hosts and host not in self.hosts:
            raise AuthError(403, "bad_host", f"requests for host {host!r} are refused",
                            "open the app at the address `watchfloor serve` printed")

    def check(self, headers: dict[str, str]) -> None:
        """Raise ``AuthError`` unless the request may write (headers lower-cased)."""
        host = headers.get("host", "")
        self.check_host(host)
        origin = headers.get("origin")
        if origin is not None and origin not in {f"http://{h}" for h in self.hosts} | (
                {f"http://{host}"} if not self.hosts else set()):
            raise AuthError(403, "cross_site", f"cross-site request from {origin!r} refused")
        if headers.get("sec-fetch-site") not in (None, "same-origin", "none"):
            raise AuthError(403, "cross_site", "cross-site request refused")
        given = headers.get(TOKEN_HEADER.lower())
        if not given:
            raise AuthError(401, "token_required", "writing needs the review token",
                            f"send it in the {TOKEN_HEADER} header (printed by `watchfloor"
                            " serve`, kept in the .token file beside the base)")
        if not hmac.compare_digest(given.encode(), self.token.encode()):
            raise AuthError(403, "bad_token", "the review token is wrong",
                            "copy it from the .token file beside the knowledge base")
