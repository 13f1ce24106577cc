#!/usr/bin/env bash
# Runs a command against a PostgreSQL server of its own, like scripts/with-postgres.sh but with the
# durability of production (fsync on) and memory for a national dataset. The cluster lives in a
# temporary folder removed afterwards, or in $BENCH_PGDATA, kept for the next run.
set -euo pipefail

pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$pg_bin" ] || [ ! -x "$pg_bin/initdb" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "PostgreSQL binaries not found: installing Debian's postgresql package." >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  else
    echo "PostgreSQL binaries not found; install Debian's postgresql package." >&2
    exit 1
  fi
fi

keep=${BENCH_PGDATA:-}
workdir=${keep:-$(mktemp -d /tmp/baove-bench-pg.XXXXXX)}
mkdir -p "$workdir"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
run_as=()
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
  chown postgres "$workdir"
  run_as=(runuser -u postgres --)
fi

cleanup() {
  "${run_as[@]}" "$pg_bin/pg_ctl" -D "$workdir/data" -m fast stop >/dev/null 2>&1 || true
  [ -n "$keep" ] || rm -rf "$workdir"
}
trap cleanup EXIT

if [ ! -d "$workdir/data" ]; then
  "${run_as[@]}" "$pg_bin/initdb" -D "$workdir/data" -U baove --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
fi
# A 2-core, 24 GB machine: a quarter of the memory for shared buffers is more than the 1M dataset.
"${run_as[@]}" "$pg_bin/pg_ctl" -D "$workdir/data" -l "$workdir/server.log" -w -s \
  -o "-h 127.0.0.1 -p $port -k $workdir -c max_connections=100 -c shared_buffers=2GB \
      -c effective_cache_size=12GB -c work_mem=32MB -c maintenance_work_mem=512MB -c max_wal_size=4GB \
      -c random_page_cost=1.1 -c jit=off" start

export DATABASE_URL="postgres://baove@127.0.0.1:$port/postgres"
echo "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on port $port" >&2
"$@"
