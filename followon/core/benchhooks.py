"""Hooks the benchmark harness (`make bench`, see bench/README.md) turns on through the environment.

Both are off unless their variable is set, so a normal deployment never serves them:

- BENCH_FLOOR_ENABLED=1 makes `/bench/floor` answer: the cheapest possible page through the full
  middleware stack, the "framework floor" every other page is compared with. Otherwise it is a 404.
- BENCH_COUNT_QUERIES=1 puts `QueryCountMiddleware` first in MIDDLEWARE, which adds an
  `X-Query-Count` header: the number of SQL queries the request ran, middleware included.
"""

from django.conf import settings
from django.db import connection
from django.http import Http404, HttpResponse
from django.views.decorators.http import require_GET

QUERY_COUNT_HEADER = "X-Query-Count"


@require_GET
def floor(request):
    if not settings.BENCH_FLOOR_ENABLED:
        raise Http404
    return HttpResponse(b"ok", content_type="text/plain; charset=utf-8")


class QueryCountMiddleware:
    """Counts the queries a request runs on the default database (server side, so nothing is guessed)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        executed = 0

        def count(execute, sql, params, many, context):
            nonlocal executed
            executed += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            response = self.get_response(request)
        response[QUERY_COUNT_HEADER] = str(executed)
        return response
