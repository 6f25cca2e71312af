"""The real gunicorn access-log formatter, as configured by gunicorn.conf.py, for tests.

`gunicorn_access_lines(requests)` loads gunicorn.conf.py the way gunicorn does (every setting it
names), builds its `logger_class` and formats one access line per (WSGI environ, status) through
`Logger.access`, capturing what would go to the access log."""

from __future__ import annotations

import io
import logging
import runpy
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

from gunicorn.config import Config

GUNICORN_CONF = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"


def gunicorn_logger():
    config = Config()
    for name, value in runpy.run_path(str(GUNICORN_CONF)).items():
        if name in config.settings:
            config.set(name, value)
    logger = config.logger_class(config)
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger.access_log.handlers = [handler]
    logger.access_log.propagate = False
    return logger, stream


def environ_for(method: str, path: str, query: str = "") -> dict:
    return {
        "REQUEST_METHOD": method,
        "RAW_URI": path + (f"?{query}" if query else ""),
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "192.0.2.1",
    }


def gunicorn_access_lines(requests) -> list[str]:
    """requests: (environ, status, request_id) triples. One formatted access line for each."""
    logger, stream = gunicorn_logger()
    for environ, status, request_id in requests:
        response = SimpleNamespace(status=f"{status} X", headers=[("X-Request-ID", request_id)], sent=10)
        logger.access(response, SimpleNamespace(headers=[]), environ, timedelta(milliseconds=3))
    return stream.getvalue().splitlines()
