#!/usr/bin/env bash
# Start the web app, the background worker and the local mock NHS login / CIS2 together; Ctrl+C stops all three.
set -euo pipefail
host="${1:-127.0.0.1}"; port="${2:-8000}"
mock_port="${MOCK_IDENTITY_PORT:-8001}"
py=.venv/bin/python
# Links in texts, emails and the calendar feed open where the demo runs: the worker's sends (reminders,
# the urgent alert's retries) have no request to take the address from, so all three processes share it.
export FOLLOWON_BASE_URL="${FOLLOWON_BASE_URL:-http://$host:$port}"

$py manage.py worker --interval 1 &
worker=$!
NATIONAL_IDENTITY_MOCK_URL="http://127.0.0.1:$mock_port" \
  $py manage.py mock_identity_provider --port "$mock_port" --app-url "$FOLLOWON_BASE_URL" &
mock=$!
trap 'kill "$worker" "$mock" 2>/dev/null || true' EXIT INT TERM

echo
echo "FollowOn is starting at http://$host:$port/  (worker pid $worker; Ctrl+C stops everything)"
echo "Sign-in codes and messages for the demo are printed below by the console channel."
echo "NHS login and CIS2: a local mock at http://127.0.0.1:$mock_port/ (not the real services):"
echo "  members: Sign in -> 'Continue with NHS login' -> choose Mo or Jo"
echo "  staff:   Sign in as staff -> 'Sign in with CIS2' -> choose Dr Chris Clinician (no authenticator code)"
echo
NATIONAL_IDENTITY_MOCK_URL="http://127.0.0.1:$mock_port" $py manage.py runserver "$host:$port" --noreload
