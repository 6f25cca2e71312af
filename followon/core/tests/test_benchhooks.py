import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from followon.core.benchhooks import QUERY_COUNT_HEADER, QueryCountMiddleware
from followon.organisations.models import PainService

pytestmark = pytest.mark.django_db


def test_floor_is_not_served_unless_the_bench_turns_it_on(client):
    response = client.get("/bench/floor")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@override_settings(BENCH_FLOOR_ENABLED=True)
def test_floor_answers_a_tiny_page_through_the_middleware_when_enabled(client):
    response = client.get("/bench/floor")
    assert response.status_code == 200
    assert response.content == b"ok"
    # The same middleware as every page ran: request id, CSP, security headers.
    assert response["X-Request-ID"]
    assert "Content-Security-Policy" in response
    assert response["X-Content-Type-Options"] == "nosniff"


@override_settings(BENCH_FLOOR_ENABLED=True)
def test_floor_refuses_posts(client):
    assert client.post("/bench/floor").status_code in {403, 405}


def test_query_count_middleware_counts_the_queries_of_the_request():
    def view(request):
        list(PainService.objects.all())
        list(PainService.objects.filter(slug="x"))
        return HttpResponse("done")

    response = QueryCountMiddleware(view)(RequestFactory().get("/"))
    assert response[QUERY_COUNT_HEADER] == "2"


def test_query_count_middleware_reports_zero_and_leaves_no_wrapper_behind():
    response = QueryCountMiddleware(lambda request: HttpResponse("done"))(RequestFactory().get("/"))
    assert response[QUERY_COUNT_HEADER] == "0"
    assert connection.execute_wrappers == []
