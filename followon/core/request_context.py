"""The id and the address of the request being served, for audit events, log lines and sent links.

Kept in context variables so that services can record them without taking the
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


# The scheme and host the person's browser used ("http://127.0.0.1:8010"), when links are built from
# the request (FOLLOWON_LINKS_FROM_REQUEST): a link sent while serving a request then opens on the
# site that person is using, whatever port it was started on.
_request_origin: ContextVar[str] = ContextVar("request_origin", default="")


def current_request_origin() -> str:
    return _request_origin.get()


def set_request_origin(value: str):
    return _request_origin.set(value)


def reset_request_origin(token) -> None:
    _request_origin.reset(token)
