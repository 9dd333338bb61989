#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# A throwaway PostgreSQL 15 cluster for the team tests (CTest fixture "postgres").
#   pg-cluster.sh start STATE   initdb in a new temporary folder, start it on a Unix socket there, write the
#                               superuser's URI to STATE
#   pg-cluster.sh stop STATE    stop it (immediate) and remove the folder
#   pg-cluster.sh pause STATE   stop the server (fast: open connections are cut) but keep its data, like a team
#                               server going away under the desks
#   pg-cluster.sh resume STATE  start the paused server again: same data, same socket folder, same port
# Local logins: the superuser "postgres" by trust over the socket (tests administer with it), every other login
# by password (scram-sha-256), so wrong-password and role tests meet real authentication. No TCP port is opened.
# fsync is off: the cluster is thrown away after the run, and the tests create a database per test case
# Benchmarks measure what a real server does: LEADRELAY_PG_OPTIONS="-c fsync=on -c full_page_writes=on" (later
# settings win).
set -euo pipefail
BIN=${LEADRELAY_PG_BIN:-/usr/lib/postgresql/15/bin}
action=${1:?start or stop}
state=${2:?state file}

as_owner() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

serve() { # dir port
    as_owner "$BIN/pg_ctl" -D "$1/data" -l "$1/server.log" -w -t 60 \
        -o "-k $1 -p $2 -c listen_addresses='' -c max_connections=200 -c fsync=off -c full_page_writes=off ${LEADRELAY_PG_OPTIONS:-}" start >/dev/null
}

state_dir() {
    sed -n 's|.*host=\([^&]*\)&.*|\1|p' "$state"
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
    serve "$dir" "$port"
    echo "postgresql://postgres@/postgres?host=$dir&port=$port" >"$state"
    echo "PostgreSQL test cluster at $dir (port $port)"
    ;;
stop)
    [ -f "$state" ] || exit 0
    dir=$(state_dir)
    if [ -n "$dir" ] && [ -d "$dir/data" ]; then
        # Immediate: its data is removed next, so the shutdown checkpoint would write it for nothing.
        as_owner "$BIN/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null || true
        rm -rf "$dir"
    fi
    rm -f "$state"
    ;;
pause)
    dir=$(state_dir)
    as_owner "$BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    ;;
resume)
    dir=$(state_dir)
    port=$(sed -n 's|.*port=\([0-9]*\).*|\1|p' "$state")
    serve "$dir" "$port"
    ;;
*)
    echo "usage: $0 start|stop|pause|resume STATE" >&2
    exit 2
    ;;
esac
