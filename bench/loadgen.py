"""A small closed-loop HTTP load generator: N threads, bounded by a request count and a time limit.

Standard library only (http.client): each thread keeps its own connection and reopens it when the
server closes it (gunicorn's sync workers close after every response, as they do behind a load balancer).
Only loopback addresses are accepted.
"""

import http.client
import ipaddress
import threading
import time
from dataclasses import dataclass, field


class LoadError(RuntimeError):
    pass


@dataclass
class Response:
    status: int
    headers: dict
    body: bytes

    def header(self, name: str, default=None):
        return self.headers.get(name.lower(), default)


@dataclass
class LoadResult:
    latencies_s: list[float] = field(default_factory=list)
    elapsed_s: float = 0.0
    statuses: dict[int, int] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.latencies_s)


def require_loopback(host: str) -> str:
    if host == "localhost" or ipaddress.ip_address(host).is_loopback:
        return host
    raise LoadError(f"the bench only sends traffic to loopback addresses, not {host}")


def fetch(host: str, port: int, path: str, headers: dict | None = None, *, timeout: float = 30.0) -> Response:
    """One GET on a fresh connection."""
    require_loopback(host)
    conn = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        conn.request("GET", path, headers=headers or {})
        raw = conn.getresponse()
        body = raw.read()
        return Response(raw.status, {k.lower(): v for k, v in raw.getheaders()}, body)
    finally:
        conn.close()


def run_load(
    host: str,
    port: int,
    path: str,
    headers: dict | None = None,
    *,
    concurrency: int,
    max_requests: int,
    max_seconds: float,
    timeout: float = 30.0,
) -> LoadResult:
    """GET `path` from `concurrency` threads until `max_requests` are done or `max_seconds` have passed."""
    require_loopback(host)
    if concurrency < 1 or max_requests < 1 or max_seconds <= 0:
        raise ValueError("concurrency, max_requests and max_seconds must be positive")
    headers = dict(headers or {})
    lock = threading.Lock()
    issued = 0
    result = LoadResult()
    deadline = time.perf_counter() + max_seconds

    def claim() -> bool:
        nonlocal issued
        with lock:
            if issued >= max_requests or time.perf_counter() >= deadline:
                return False
            issued += 1
            return True

    def worker() -> None:
        conn = http.client.HTTPConnection(host, port, timeout=timeout)
        latencies: list[float] = []
        statuses: dict[int, int] = {}
        try:
            while claim():
                started = time.perf_counter()
                try:
                    conn.request("GET", path, headers=headers)
                    response = conn.getresponse()
                    response.read()
                except (OSError, http.client.HTTPException) as exc:
                    conn.close()
                    with lock:
                        result.failures.append(type(exc).__name__)
                    continue
                latencies.append(time.perf_counter() - started)
                statuses[response.status] = statuses.get(response.status, 0) + 1
                if response.will_close:
                    conn.close()
        finally:
            conn.close()
            with lock:
                result.latencies_s.extend(latencies)
                for status, n in statuses.items():
                    result.statuses[status] = result.statuses.get(status, 0) + n

    threads = [threading.Thread(target=worker, name=f"load-{i}", daemon=True) for i in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(max_seconds + timeout + 5)
    result.elapsed_s = time.perf_counter() - started
    if any(thread.is_alive() for thread in threads):
        raise LoadError("load threads did not finish in time")
    return result
