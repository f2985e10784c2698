#!/usr/bin/env bash
# Installs PostgreSQL from Debian packages (if missing), starts a dedicated cluster on loopback,
# creates the test role and database, and prints the server's URL on stdout (everything else goes
# to stderr). Used by .ci/run for the farm's PostgreSQL tests; safe to run again (each step is
# skipped when already done). Needs root (apt-get, pg_ctlcluster); initdb/postgres themselves run
# as the postgres user through Debian's cluster tools.
set -euo pipefail

PORT="${COPROVER_PG_PORT:-54329}"
CLUSTER=coprover
ROLE=coprover
PASS=coprover
DB=coprover
log() { echo "postgres.sh: $*" >&2; }

if [ "$(id -u)" -ne 0 ]; then
  log "must run as root (installs packages and manages a cluster)"
  exit 1
fi

have_server() { ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 && command -v pg_ctlcluster >/dev/null 2>&1; }
if ! have_server; then
  log "installing PostgreSQL from Debian packages"
  export DEBIAN_FRONTEND=noninteractive
  # the package lists of a fresh machine may be missing or stale: refresh once if the install fails
  if ! apt-get install -y -q postgresql >&2; then
    apt-get update -q >&2
    apt-get install -y -q postgresql >&2
  fi
fi
have_server || { log "PostgreSQL server binaries not found after install"; exit 1; }
VERSION="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
export PATH="/usr/lib/postgresql/$VERSION/bin:$PATH"

# A cluster of our own on its own port, so that a cluster already on the machine is left alone.
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$VERSION $CLUSTER"; then
  log "creating cluster $VERSION/$CLUSTER on port $PORT"
  pg_createcluster "$VERSION" "$CLUSTER" -p "$PORT" >&2 -- --auth-local=peer --auth-host=scram-sha-256
fi
# loopback only; fsync off because the cluster holds nothing but test data
cat > "/etc/postgresql/$VERSION/$CLUSTER/conf.d/coprover.conf" <<CONF
listen_addresses = '127.0.0.1'
max_connections = 200
fsync = off
synchronous_commit = off
CONF
PORT="$(pg_lsclusters -h | awk -v v="$VERSION" -v c="$CLUSTER" '$1==v && $2==c {print $3}')"
if ! pg_lsclusters -h | awk -v v="$VERSION" -v c="$CLUSTER" '$1==v && $2==c {print $4}' | grep -q online; then
  log "starting cluster $VERSION/$CLUSTER"
  pg_ctlcluster "$VERSION" "$CLUSTER" start >&2
fi
for _ in $(seq 1 60); do
  pg_isready -q -h 127.0.0.1 -p "$PORT" && break
  sleep 0.5
done
pg_isready -h 127.0.0.1 -p "$PORT" >&2

psql_su() { runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -p "$PORT" "$@"; }
if [ "$(psql_su -tA -c "SELECT 1 FROM pg_roles WHERE rolname = '$ROLE'")" != "1" ]; then
  psql_su -c "CREATE ROLE $ROLE LOGIN PASSWORD '$PASS'" >&2
fi
if [ "$(psql_su -tA -c "SELECT 1 FROM pg_database WHERE datname = '$DB'")" != "1" ]; then
  psql_su -c "CREATE DATABASE $DB OWNER $ROLE" >&2
fi
log "PostgreSQL $VERSION ready on 127.0.0.1:$PORT (database $DB, role $ROLE)"
echo "postgres://$ROLE:$PASS@127.0.0.1:$PORT/$DB"
