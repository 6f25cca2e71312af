"""The id of the request being served, for audit events and log lines.

Kept in a context variable so that services can record it without taking the
request as an argument.
"""

from contextvars import ContextVar

_request_id: ContextVar[str] = ContextVar("request_id", default="")


def current_request_id() -> str:
    return _request_id.get()


def set_request_id(value: str):
    return _request_id.set(value)


def reset_request_id(token) -> None:
    _request_id.reset(token)
