"""gunicorn settings for FollowOn's web processes (docs/deploy.md).

    gunicorn --config gunicorn.conf.py followon.config.wsgi:application

Every value comes from the environment (listed in .env.example). Run several such processes (on one or
more hosts) behind a load balancer that terminates TLS; they keep no state between requests.
"""

import multiprocessing
import os


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


wsgi_app = "followon.config.wsgi:application"
bind = [address.strip() for address in os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",") if address.strip()]
workers = _env_int("GUNICORN_WORKERS", 2 * multiprocessing.cpu_count() + 1)
# Sync workers: one request at a time per process, which is what a buffering load balancer expects.
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
threads = _env_int("GUNICORN_THREADS", 1)
timeout = _env_int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _env_int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _env_int("GUNICORN_KEEPALIVE", 5)
# Recycle workers after this many requests (0 = never); the jitter keeps them from restarting together.
max_requests = _env_int("GUNICORN_MAX_REQUESTS", 0)
max_requests_jitter = _env_int("GUNICORN_MAX_REQUESTS_JITTER", max_requests // 10)
# Only these addresses (the load balancer's) may set X-Forwarded-Proto / X-Forwarded-For.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
proc_name = "followon-web"
# gunicorn's control socket (for `gunicornc`) defaults to one path per user, which several gunicorns on
# one host would fight over: off unless a path is given.
_control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET", "").strip()
if _control_socket:
    control_socket = _control_socket
else:
    control_socket_disable = True

# Logs go to stdout/stderr for the platform to collect. The access log holds no personal data: no
# query string (%(q)s / %(r)s), no referrer, no user agent, no client address, no user; just the time,
# method, path (ids in paths are opaque UUIDs), status, size, duration and the request id that the
# application's own log lines carry too. Set GUNICORN_ACCESS_LOG=off to turn it off.
# The path's bearer tokens (calendar feeds, poll, questionnaire, interest, invitation and CIS2 links) are
# replaced with [token] by this logger class, from the same list of token routes (read from the URL conf)
# that Django's request logging uses: followon/core/log_redaction.py.
logger_class = "followon.config.access_log.RedactingLogger"
_access_log = os.environ.get("GUNICORN_ACCESS_LOG", "-").strip()
accesslog = None if _access_log.lower() in {"", "off", "none", "false", "0"} else _access_log
access_log_format = '%(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms request_id=%({x-request-id}o)s'
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
