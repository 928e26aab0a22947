#!/usr/bin/env bash
# Makes sure what the tests need is here: PostgreSQL (running, with a test role), Chromium and the CJK fonts.
# Installs with apt-get when run as root on Debian; otherwise says exactly what to install. Idempotent.
set -euo pipefail
PG_USER=${POSTALCRM_TEST_PG_USER:-postalcrm_test}
PG_PASSWORD=${POSTALCRM_TEST_PG_PASSWORD:-postalcrm_test}
need=()
command -v pg_ctlcluster >/dev/null 2>&1 || need+=(postgresql)
[ -x /usr/bin/chromium ] || need+=(chromium)
fonts=$(fc-list 2>/dev/null || true)   # captured first: grep -q on a pipe would SIGPIPE fc-list under pipefail
grep -qi "WenQuanYi Micro Hei" <<<"$fonts" || need+=(fonts-wqy-microhei)
grep -qi "Noto Sans CJK" <<<"$fonts" || need+=(fonts-noto-cjk)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "test-deps: installing ${need[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "test-deps: missing ${need[*]}. Install them: sudo apt-get install -y ${need[*]}" >&2
    exit 2
  fi
fi
# Start the cluster if it is not running.
if ! pg_lsclusters -h 2>/dev/null | awk '{print $4}' | grep -q online; then
  ver=$(pg_lsclusters -h | awk 'NR==1{print $1}'); name=$(pg_lsclusters -h | awk 'NR==1{print $2}')
  if [ -z "$ver" ]; then
    ver=$(ls /usr/lib/postgresql | sort -n | tail -1); name=main
    pg_createcluster "$ver" "$name" --locale C.UTF-8 >/dev/null
  fi
  pg_ctlcluster "$ver" "$name" start
fi
# Test projects run in parallel, each with its hosts' connection pools (and tests of concurrency open dozens at once):
# the default 100 connections run out. Raise the limit once (needs a restart), when we may.
if [ "$(id -u)" = 0 ]; then
  max=$(su postgres -c "psql -qtA -c 'SHOW max_connections'")
  if [ "${max:-0}" -lt 400 ]; then
    su postgres -c "psql -qtA -c 'ALTER SYSTEM SET max_connections = 400'" >/dev/null
    ver=$(pg_lsclusters -h | awk 'NR==1{print $1}'); name=$(pg_lsclusters -h | awk 'NR==1{print $2}')
    pg_ctlcluster "$ver" "$name" restart
  fi
fi
# A login role that may create the per-test databases (UTF-8, C.UTF-8 ctype: see ARCHITECTURE §5).
run_psql() { if [ "$(id -u)" = 0 ]; then su postgres -c "psql -qtA -c \"$1\""; else psql -qtA -U postgres -c "$1"; fi; }
if [ "$(run_psql "SELECT 1 FROM pg_roles WHERE rolname='$PG_USER'")" != "1" ]; then
  run_psql "CREATE ROLE $PG_USER LOGIN CREATEDB PASSWORD '$PG_PASSWORD'"
fi
# Per-test databases are dropped WITH (FORCE); an autovacuum worker (a superuser process) may still be inside one.
run_psql "GRANT pg_signal_backend TO $PG_USER" >/dev/null 2>&1 || true
echo "test-deps: PostgreSQL ready (role $PG_USER), Chromium $( /usr/bin/chromium --version 2>/dev/null | awk '{print $2}')"
