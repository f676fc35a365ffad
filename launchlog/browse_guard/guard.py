"""Datasette plugin that `launchlog browse` loads (``--plugins-dir``): what the server accepts.

* Every SQLite connection caps any one value at ``MAX_VALUE_BYTES`` (``SQLITE_LIMIT_LENGTH``),
  so ``?sql=SELECT zeroblob(999999999)`` fails at once instead of growing a response of
  gigabytes; with Datasette's 1,000 returned rows that bounds a page to about 100 MB of JSON.
* Requests must name this server (``Host: 127.0.0.1:PORT`` or ``localhost:PORT``): a web page
  that rebinds a name of its own to 127.0.0.1 is refused (DNS rebinding).
* Requests that a browser marks as coming from another site (``Sec-Fetch-Site: cross-site``
  or ``same-site``, as an ``<img>`` or a form on another page would be) are refused.

Configured through the environment ``launchlog browse`` sets: ``LAUNCHLOG_BROWSE_PORT``.
"""

from __future__ import annotations

import os
import sqlite3
from typing import Any

from datasette import hookimpl

MAX_VALUE_BYTES = 100_000


@hookimpl
def prepare_connection(conn: sqlite3.Connection) -> None:
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)


def _allowed(scope: dict[str, Any]) -> str | None:
    """Why a request is refused, or None."""
    port = os.environ.get("LAUNCHLOG_BROWSE_PORT", "")
    headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
    if headers.get("host") not in (f"127.0.0.1:{port}", f"localhost:{port}"):
        return "this server answers to 127.0.0.1 only"
    if headers.get("sec-fetch-site", "none") not in ("none", "same-origin"):
        return "requests from other sites are refused"
    return None


@hookimpl
def asgi_wrapper(datasette: Any) -> Any:
    def wrap(app: Any) -> Any:
        async def guarded(scope: dict, receive: Any, send: Any) -> None:
            refused = _allowed(scope) if scope["type"] == "http" else None
            if refused is None:
                await app(scope, receive, send)
                return
            body = (refused + "\n").encode()
            await send(
                {
                    "type": "http.response.start",
                    "status": 403,
                    "headers": [
                        (b"content-type", b"text/plain"),
                        (b"content-length", b"%d" % len(body)),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": body})

        return guarded

    return wrap
