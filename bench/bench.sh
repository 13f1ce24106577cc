#!/usr/bin/env bash
# `make bench`: a throwaway PostgreSQL (or SQLite with BENCH_DB=sqlite), the synthetic country
# (BENCH_PETITIONS, default 100000; BENCH_UNITS, default 5000), then every benchmark, each printed
# with the baseline measured in the same run. Timings never fail the run.
#
#   BENCH_PETITIONS=1000000 bench/bench.sh      the national scale
#   BENCH_DB=sqlite bench/bench.sh              the embedded database (BENCH_SQLITE=file keeps it)
#   BENCH_PGDATA=/var/tmp/country bench/bench.sh  keep the PostgreSQL cluster there and reuse it
#   BENCH_ONLY=review,pages bench/bench.sh      some benchmarks only (build, review, lists, portal,
#                                               exports, pages)
set -euo pipefail
cd "$(dirname "$0")/.."
export BAOVE_DEMO=1
export DJANGO_SETTINGS_MODULE=bench.settings
data=$(mktemp -d /tmp/baove-bench.XXXXXX)
export BAOVE_DATA_DIR="$data"
trap 'rm -rf "$data"' EXIT
if [ "${BENCH_DB:-postgres}" = sqlite ]; then
  export DATABASE_URL="sqlite:///${BENCH_SQLITE:-$data/bench.sqlite3}"
  .venv/bin/python -m bench.run "$@"
else
  bench/postgres.sh .venv/bin/python -m bench.run "$@"
fi
