#!/usr/bin/env bash
# The claim race test opens 200+ connections at once; PostgreSQL allows 100 by default.
# Raise the local cluster's limit (and restart it) when it is lower than asked.
set -euo pipefail

want="${1:-300}"
have="$(psql -h localhost -U "${PGUSER:-root}" -d postgres -Atc 'SHOW max_connections')"
if [ "$have" -ge "$want" ]; then
  exit 0
fi
echo "PostgreSQL allows $have connections; raising it to $want for the race tests."
psql -h localhost -U "${PGUSER:-root}" -d postgres -qc "ALTER SYSTEM SET max_connections = $want"
version="$(ls /etc/postgresql | head -n 1)"
pg_ctlcluster --skip-systemctl-redirect "$version" main restart
for _ in $(seq 30); do pg_isready -h localhost -p 5432 -q && break; sleep 1; done
pg_isready -h localhost -p 5432 -q
