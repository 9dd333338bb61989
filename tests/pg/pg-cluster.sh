#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# A throwaway PostgreSQL 15 cluster for the team tests (CTest fixture "postgres").
#   pg-cluster.sh start STATE   initdb in a new temporary folder, start it on a Unix socket there, write the
#                               superuser's URI to STATE
#   pg-cluster.sh stop STATE    stop it (fast) and remove the folder
# Local logins: the superuser "postgres" by trust over the socket (tests administer with it), every other login
# by password (scram-sha-256), so wrong-password and role tests meet real authentication. No TCP port is opened.
# LEADRELAY_PG_OPTIONS: more server settings for start, e.g. "-c shared_buffers=1GB" (the benchmarks).
set -euo pipefail
BIN=${LEADRELAY_PG_BIN:-/usr/lib/postgresql/15/bin}
action=${1:?start or stop}
state=${2:?state file}

as_owner() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$action" in
start)
    if [ ! -x "$BIN/initdb" ]; then
        echo "PostgreSQL 15 is not installed ($BIN/initdb missing): apt-get install postgresql" >&2
        exit 1
    fi
    if [ "$(id -u)" -eq 0 ]; then
        # PostgreSQL refuses to run as root; as "postgres" it needs a writable /dev/null, which some machines lack.
        runuser -u postgres -- test -w /dev/null || chmod 666 /dev/null
    fi
    dir=$(mktemp -d /tmp/leadrelay-pg.XXXXXX)
    [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
    port=$((20000 + RANDOM % 40000))
    as_owner "$BIN/initdb" -D "$dir/data" -U postgres -E UTF8 --locale=C.UTF-8 --auth-local=trust >"$dir/initdb.log" 2>&1
    cat >"$dir/data/pg_hba.conf" <<HBA
local all postgres trust
local all all scram-sha-256
HBA
    as_owner "$BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-k $dir -p $port -c listen_addresses='' -c max_connections=200 -c fsync=on ${LEADRELAY_PG_OPTIONS:-}" start >/dev/null
    echo "postgresql://postgres@/postgres?host=$dir&port=$port" >"$state"
    echo "PostgreSQL test cluster at $dir (port $port)"
    ;;
stop)
    [ -f "$state" ] || exit 0
    dir=$(sed -n 's|.*host=\([^&]*\)&.*|\1|p' "$state")
    if [ -n "$dir" ] && [ -d "$dir/data" ]; then
        as_owner "$BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
        rm -rf "$dir"
    fi
    rm -f "$state"
    ;;
*)
    echo "usage: $0 start|stop STATE" >&2
    exit 2
    ;;
esac
