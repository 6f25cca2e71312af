#!/usr/bin/env bash
# Start the web app and the background worker together; Ctrl+C stops both.
set -euo pipefail
host="${1:-127.0.0.1}"; port="${2:-8000}"
py=.venv/bin/python

$py manage.py worker --interval 1 &
worker=$!
trap 'kill "$worker" 2>/dev/null || true' EXIT INT TERM

echo
echo "FollowOn is starting at http://$host:$port/  (worker pid $worker; Ctrl+C stops both)"
echo "Sign-in codes and messages for the demo are printed below by the console channel."
echo
$py manage.py runserver "$host:$port" --noreload
