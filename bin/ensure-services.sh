#!/usr/bin/env bash
# Makes sure PostgreSQL, Redis and Chromium are there for the test suite.
# On a Debian machine as root it installs and starts what is missing; elsewhere it says what to
# start and fails. The suite never skips a service.
set -euo pipefail

PG_HOST=127.0.0.1 PG_PORT=5432 REDIS_PORT=6379
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
is_root() { [ "$(id -u)" -eq 0 ]; }
has_apt() { command -v apt-get >/dev/null 2>&1; }
port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null && exec 3>&- ; }
APT_UPDATED=0
apt_install() {
  if [ "$APT_UPDATED" -eq 0 ]; then apt-get update -qq; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}
fail() {
  echo "FOUT: $1" >&2
  echo "Start de diensten bijvoorbeeld met: docker compose up -d db redis" >&2
  exit 1
}

# --- PostgreSQL ---------------------------------------------------------------------------
if ! port_open "$PG_HOST" "$PG_PORT"; then
  if ! ls /etc/postgresql/*/main >/dev/null 2>&1 && is_root && has_apt; then
    echo "PostgreSQL ontbreekt: installeren uit de Debian-pakketten..."
    apt_install postgresql
  fi
  if ls /etc/postgresql/*/main >/dev/null 2>&1 && command -v pg_ctlcluster >/dev/null; then
    echo "PostgreSQL starten..."
    for version in $(ls /etc/postgresql); do
      pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
    done
    for _ in $(seq 1 30); do port_open "$PG_HOST" "$PG_PORT" && break; sleep 1; done
  fi
  port_open "$PG_HOST" "$PG_PORT" || fail "PostgreSQL is niet bereikbaar op $PG_HOST:$PG_PORT."
fi
# A fresh Debian cluster asks for a password over TCP; give the postgres role the one the test
# settings use (a trust-auth cluster ignores it).
if is_root && command -v psql >/dev/null && id postgres >/dev/null 2>&1; then
  if ! PGPASSWORD=postgres psql -h "$PG_HOST" -U postgres -d postgres -tAc "select 1" >/dev/null 2>&1; then
    su postgres -c "psql -q -c \"ALTER USER postgres PASSWORD 'postgres'\"" >/dev/null
  fi
fi

# --- Redis --------------------------------------------------------------------------------
if ! port_open 127.0.0.1 "$REDIS_PORT"; then
  if ! command -v redis-server >/dev/null && is_root && has_apt; then
    echo "Redis ontbreekt: installeren uit de Debian-pakketten..."
    apt_install redis-server
  fi
  if command -v redis-server >/dev/null; then
    echo "Redis starten..."
    mkdir -p /var/lib/redis /var/log/redis 2>/dev/null || true
    redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save "" \
      --appendonly no --dir /tmp --logfile /tmp/doorbraak-redis.log
    for _ in $(seq 1 20); do port_open 127.0.0.1 "$REDIS_PORT" && break; sleep 0.5; done
  fi
  port_open 127.0.0.1 "$REDIS_PORT" || fail "Redis is niet bereikbaar op 127.0.0.1:$REDIS_PORT."
fi

# --- Chromium for the browser tests -------------------------------------------------------
if [ ! -x "$CHROMIUM" ]; then
  if is_root && has_apt; then
    echo "Chromium ontbreekt: installeren uit de Debian-pakketten..."
    apt_install chromium
  fi
  [ -x "$CHROMIUM" ] || fail "Chromium ontbreekt ($CHROMIUM). Installeer het pakket 'chromium'."
fi
echo "PostgreSQL, Redis en Chromium zijn beschikbaar."
