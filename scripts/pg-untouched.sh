#!/usr/bin/env bash
# `make test` must change nothing outside the project: record the PostgreSQL server's
# start time and max_connections before the suite (`before`), and fail if either differs
# after it (`after`): a restart or a reconfiguration of the developer's own server.
set -euo pipefail

state="var/pg-untouched.state"
read_server() {
  psql -h "${PGHOST:-localhost}" -U "${PGUSER:-root}" -d postgres -Atc \
    "SELECT pg_postmaster_start_time() || ' max_connections=' || current_setting('max_connections')"
}

case "${1:-}" in
  before)
    mkdir -p var
    read_server > "$state"
    ;;
  after)
    now="$(read_server)"
    was="$(cat "$state")"
    if [ "$now" != "$was" ]; then
      echo "PostgreSQL was changed during the tests: before '$was', after '$now'." >&2
      exit 1
    fi
    echo "PostgreSQL untouched: started $was."
    ;;
  *)
    echo "usage: $0 before|after" >&2
    exit 2
    ;;
esac
