#!/usr/bin/env bash
# Make sure a PostgreSQL server answers at the given URL; if none does, install
# and start one from Debian's packages for this run (trust auth on loopback).
set -euo pipefail
url="${1:-postgres://postgres@127.0.0.1:5432/followon}"
host=$(python3 -c "import sys,urllib.parse as u; print(u.urlparse(sys.argv[1]).hostname or '127.0.0.1')" "$url")
port=$(python3 -c "import sys,urllib.parse as u; print(u.urlparse(sys.argv[1]).port or 5432)" "$url")

answers() { command -v pg_isready >/dev/null && pg_isready -q -h "$host" -p "$port"; }

if answers; then exit 0; fi
echo "No PostgreSQL answers at $host:$port; starting one from Debian's packages..."
export DEBIAN_FRONTEND=noninteractive
if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
  apt-get update -qq
  apt-get install -y -qq postgresql >/dev/null
fi
version=$(ls /etc/postgresql | sort -V | tail -1)
conf=/etc/postgresql/$version/main
if ! grep -q "followon-trust" "$conf/pg_hba.conf"; then
  sed -i '1i host all all 127.0.0.1/32 trust # followon-trust\nhost all all ::1/128 trust # followon-trust\nlocal all all trust # followon-trust' "$conf/pg_hba.conf"
fi
pg_ctlcluster --skip-systemctl-redirect "$version" main start || pg_ctlcluster --skip-systemctl-redirect "$version" main restart
for _ in $(seq 1 30); do answers && exit 0; sleep 1; done
echo "PostgreSQL did not start" >&2
exit 1
