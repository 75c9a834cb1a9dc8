#!/usr/bin/env bash
# PostgreSQL and Redis on 127.0.0.1 for the test suite: installed from Debian's packages when
# missing, started in .services/ (throw-away data, no fsync), stopped by `stop`.
#   scripts/services.sh start   # prints the URLs it serves
#   scripts/services.sh stop
#   scripts/services.sh env     # the URLs as shell assignments
set -euo pipefail
cd "$(dirname "$0")/.."
# Outside the checkout: a clone in a private temp folder (mode 0700, as mktemp makes it) is
# unreadable to the postgres account that has to own the data directory.
DIR="${TMPDIR:-/tmp}/czn-services-$(printf '%s' "$PWD" | md5sum | cut -c1-10)"
PG_PORT="${TEST_PG_PORT:-55432}"
REDIS_PORT="${TEST_REDIS_PORT:-56379}"
PG_URL="postgresql+asyncpg://postgres@127.0.0.1:${PG_PORT}/postgres"
REDIS_URL="redis://127.0.0.1:${REDIS_PORT}/0"

die() { echo "services: $*" >&2; exit 1; }

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

as_pg() {
  # initdb and postgres refuse to run as root: use the postgres account Debian creates.
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

install_missing() {
  local missing=()
  [ -n "$(pg_bin)" ] || missing+=(postgresql)
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" = 0 ] || die "please install: ${missing[*]} (sudo apt-get install ${missing[*]})"
  echo "services: installing ${missing[*]} from Debian's packages" >&2
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

start_pg() {
  local bin; bin="$(pg_bin)"
  # A server already on the port (another checkout's) serves as well: every test run
  # creates its own databases.
  if "$bin/pg_isready" -h 127.0.0.1 -p "$PG_PORT" -q 2>/dev/null; then return 0; fi
  mkdir -p "$DIR"
  chmod 755 "$DIR"
  if [ ! -f "$DIR/pg/PG_VERSION" ]; then
    mkdir -p "$DIR/pg" "$DIR/sock"
    [ "$(id -u)" = 0 ] && chown -R postgres:postgres "$DIR/pg" "$DIR/sock"
    as_pg "$bin/initdb" -D "$DIR/pg" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  if ! as_pg "$bin/pg_ctl" -D "$DIR/pg" status >/dev/null 2>&1; then
    as_pg "$bin/pg_ctl" -D "$DIR/pg" -w -t 60 -l "$DIR/sock/pg.log" start -o \
      "-p $PG_PORT -k $DIR/sock -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      >/dev/null || { cat "$DIR/sock/pg.log" >&2; die "PostgreSQL did not start"; }
  fi
  "$bin/pg_isready" -h 127.0.0.1 -p "$PG_PORT" -t 30 >/dev/null || die "PostgreSQL is not ready"
}

start_redis() {
  mkdir -p "$DIR"
  if ! redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1; then
    redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no \
      --daemonize yes --dir "$DIR" --pidfile "$DIR/redis.pid" --logfile "$DIR/redis.log"
  fi
  for _ in $(seq 1 50); do
    redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  die "Redis did not start"
}

case "${1:-start}" in
  start)
    install_missing
    start_pg
    start_redis
    echo "services: PostgreSQL $PG_URL, Redis $REDIS_URL" >&2
    ;;
  stop)
    bin="$(pg_bin)"
    if [ -n "$bin" ] && [ -f "$DIR/pg/PG_VERSION" ]; then
      as_pg "$bin/pg_ctl" -D "$DIR/pg" -m fast stop >/dev/null 2>&1 || true
    fi
    redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
    ;;
  env)
    echo "TEST_POSTGRES_URL=$PG_URL"
    echo "TEST_REDIS_URL=$REDIS_URL"
    ;;
  *) die "usage: $0 start|stop|env" ;;
esac
