import logging

from followon.core.request_context import current_request_id


class RequestIdFilter(logging.Filter):
    """Adds the request id to every log record so a line can be traced to a request."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id() or "-"
        return True
