#!/usr/bin/env bash
# `make scale-demo`: the app past one server, measured on loopback (issue 14, README "Scaling").
#
# On a throwaway PostgreSQL (.ci/with-postgres) it starts TWO app instances (gunicorn, 2 sync
# workers each, DEBUG off, by `make serve`) that share nothing but the database and one PDF
# store directory; rate-limit counts live in the database cache, so both instances count
# together. nginx on a third port balances the two; a fourth port sends everything to the first
# instance alone. locust (headless, bench/scale/locustfile.py) then drives SCALE_USERS parents
# (default 8), each walking the whole journey, for SCALE_SECONDS (default 45) against both,
# then the same against one. bench/scale/report.py prints screenings per minute, p95 per step,
# errors, the CPU the app and the database used, and the speed-up as a ratio. With
# SCALE_PIN_CORES=1 each instance is kept on one core of its own.
#
# Everything listens on 127.0.0.1 only; every process and the temporary folder go at the end,
# however it ends. Total time: about 2 × SCALE_SECONDS plus a minute of set-up.
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ -z "${WITH_POSTGRES_CLUSTER:-}" ]; then
  exec .ci/with-postgres "$0" "$@"
fi

BIN=.venv/bin
USERS=${SCALE_USERS:-8}
RUN_SECONDS=${SCALE_SECONDS:-45}
WARM_UP_SECONDS=${SCALE_WARM_UP_SECONDS:-10}

if [ ! -x "$BIN/locust" ]; then
  # The `bench` extra's load generator, pinned with the rest in requirements.lock (`make` installs
  # it; this is for a .venv made before it was added).
  echo "Installing locust into $BIN from requirements.lock"
  "$BIN/python" -m pip install --quiet --require-hashes -r requirements.lock
fi

work=$(mktemp -d /tmp/scale-demo.XXXXXX)
# nginx's workers run as "nobody" when started by root: they must reach their temp folders.
chmod 755 "$work"
pids=()
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  for pid_file in "$work"/*.pid; do
    [ -s "$pid_file" ] && kill -TERM "$(cat "$pid_file")" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  "$BIN/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
wait_for() {  # wait_for URL LOG: until the URL answers 200 (30 s at most)
  for _ in $(seq 150); do
    if "$BIN/python" -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' "$1" 2>/dev/null; then
      return 0
    fi
    sleep 0.2
  done
  echo "$1 did not answer; the end of $2:" >&2
  tail -n 30 "$2" >&2
  return 1
}

# What a production server sets (README "Running in production"), with these differences: plain
# HTTP on loopback (no secure cookies), a throwaway key, and rate limits high enough that
# hundreds of screenings from one address (the load generator) are not refused.
export DJANGO_DEBUG=false
DJANGO_SECRET_KEY=$("$BIN/python" -c 'import secrets; print(secrets.token_urlsafe(50))')
export DJANGO_SECRET_KEY
export DJANGO_ALLOWED_HOSTS=127.0.0.1
export DJANGO_SECURE_COOKIES=false
export DJANGO_CACHE_BACKEND=django.core.cache.backends.db.DatabaseCache
export DJANGO_CACHE_LOCATION=milestone_check_cache
# A day's window, so that a run never straddles two (the shared counts are compared at the end).
export DJANGO_RATE_NEW_SCREENING=1000000/d
export DJANGO_RATE_PDF=1000000/d
export DJANGO_PDF_STORAGE_DIR="$work/pdfs"
export DATABASE_CONN_MAX_AGE=${DATABASE_CONN_MAX_AGE:-60}
export GUNICORN_WORKERS=2
mkdir -p "$DJANGO_PDF_STORAGE_DIR"

echo "Migrating and loading the content"
make --no-print-directory database >"$work/setup.log" 2>&1 || { tail -n 30 "$work/setup.log"; exit 1; }
# PostgreSQL's main process, the one listening on DATABASE_URL's port: its CPU and its
# children's are the database's share (0 if it can't be found).
database_port=$("$BIN/python" -c 'import os, urllib.parse; print(urllib.parse.urlsplit(os.environ["DATABASE_URL"]).port)')
postmaster=$(ss -ltnpH "sport = :$database_port" 2>/dev/null | grep -o 'pid=[0-9]*' | head -n 1 | cut -d= -f2)
postmaster=${postmaster:-0}

first=$(free_port)
second=$(free_port)
core=0
for port in "$first" "$second"; do
  # SCALE_PIN_CORES=1 keeps each instance on a core of its own (taskset), as if each were a
  # one-core server: then the ratio says what a second server adds, not only that it works.
  pin=()
  if [ "${SCALE_PIN_CORES:-0}" = 1 ]; then
    pin=(taskset -c "$core")
    core=$((core + 1))
  fi
  # The same command as a server's `make serve` (setup already done above).
  DJANGO_BIND=127.0.0.1:$port GUNICORN_CMD_ARGS="--pid $work/gunicorn-$port.pid" \
    "${pin[@]}" make --no-print-directory -o setup serve >"$work/gunicorn-$port.log" 2>&1 &
  pids+=($!)
done

both=$(free_port)
one=$(free_port)
mkdir -p "$work/nginx"
# proxy_server PORT UPSTREAM: an nginx server block on 127.0.0.1:PORT passing every request on.
proxy_server() {
  cat <<EOF
    server {
        listen 127.0.0.1:$1;
        location / {
            proxy_pass http://$2;
            proxy_set_header Host \$host;
            proxy_set_header X-Forwarded-For \$remote_addr;
            proxy_set_header X-Forwarded-Proto \$scheme;
        }
    }
EOF
}
cat >"$work/nginx/nginx.conf" <<EOF
daemon off;
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $work/nginx/client_body;
    proxy_temp_path $work/nginx/proxy;
    fastcgi_temp_path $work/nginx/fastcgi;
    uwsgi_temp_path $work/nginx/uwsgi;
    scgi_temp_path $work/nginx/scgi;
    # Sync workers answer one request at a time: send each request to the least busy instance.
    upstream two_instances { least_conn; server 127.0.0.1:$first; server 127.0.0.1:$second; }
    upstream one_instance { server 127.0.0.1:$first; }
$(proxy_server "$both" two_instances)
$(proxy_server "$one" one_instance)
}
EOF
nginx -e "$work/nginx/error.log" -p "$work/nginx" -c "$work/nginx/nginx.conf" &
pids+=($!)

wait_for "http://127.0.0.1:$first/" "$work/gunicorn-$first.log"
wait_for "http://127.0.0.1:$second/" "$work/gunicorn-$second.log"
wait_for "http://127.0.0.1:$both/" "$work/nginx/error.log"
wait_for "http://127.0.0.1:$one/" "$work/nginx/error.log"
echo "Two instances on 127.0.0.1:$first and :$second, nginx on :$both (both) and :$one (the first only)"

cpu() {  # CPU seconds used so far by the app instances and by PostgreSQL
  "$BIN/python" bench/scale/report.py cpu \
    "$(cat "$work/gunicorn-$first.pid")" "$(cat "$work/gunicorn-$second.pid")" "$postmaster"
}
load_test() {  # load_test NAME PORT SECONDS USERS
  local before
  before=$(cpu)
  # locust exits 1 when a request failed: the report counts and shows the errors instead.
  "$BIN/locust" -f bench/scale/locustfile.py --headless --only-summary --loglevel WARNING \
    -u "$4" -r "$4" --run-time "$3s" --host "http://127.0.0.1:$2" \
    --csv "$work/$1" >"$work/$1.log" 2>&1 || true
  echo "$before $(cpu)" >"$work/$1.cpu"
}

echo "Warming up (${WARM_UP_SECONDS}s, not counted)"
load_test warm-up "$both" "$WARM_UP_SECONDS" 4
echo "Two instances behind nginx: $USERS parents for ${RUN_SECONDS}s"
load_test two "$both" "$RUN_SECONDS" "$USERS"
echo "One instance behind nginx: $USERS parents for ${RUN_SECONDS}s"
load_test one "$one" "$RUN_SECONDS" "$USERS"

status=0
"$BIN/python" bench/scale/report.py summary "$work" "$USERS" "$RUN_SECONDS" \
  "$DJANGO_PDF_STORAGE_DIR" || status=$?
"$BIN/python" bench/scale/report.py shared-counts
exit "$status"
