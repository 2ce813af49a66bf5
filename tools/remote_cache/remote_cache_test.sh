#!/bin/bash
# Scale-out through Bazel's own remote cache, end to end. Starts Debian's nginx on
# 127.0.0.1 as a WebDAV store (PUT enabled) and points Bazel's HTTP cache at it; builds
# the given targets from one clone of this repository, then from a second clone in
# another folder with an empty output base and no disk cache. Passes when the second
# build ran nothing itself: every action, neoc's model compiles and the compiles of the
# generated code included, came from the remote cache (Bazel's own process summary).
#   remote_cache_test.sh <anchor file> <its path in the workspace> <targets...>
# Tagged manual: the first build compiles neoc and the kernels from nothing (about ten
# minutes on two cores). Run it with
#   bazel test //tools/remote_cache:remote_cache_test
set -uo pipefail
anchor="$1"
anchor_path="$2"
shift 2
targets=("$@")

real=$(readlink -f "$anchor")
workspace="${real%/$anchor_path}"
[ -f "$workspace/WORKSPACE" ] || { echo "FAIL no workspace behind $anchor"; exit 1; }
command -v nginx >/dev/null || { echo "FAIL nginx is missing (tools/setup installs it)"; exit 1; }
tmp="${TEST_TMPDIR:-$(mktemp -d)}/rc"
rm -rf "$tmp" && mkdir -p "$tmp"
real_home=$(getent passwd "$(id -u)" | cut -d: -f6)

# A free port: bind to port 0 and read what the kernel gave.
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$tmp/nginx/cache" "$tmp/nginx/logs" "$tmp/nginx/tmp"
cat >"$tmp/nginx/nginx.conf" <<CONF
daemon off;
user $(id -un);
worker_processes 1;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/logs/error.log;
events { worker_connections 64; }
http {
  access_log $tmp/nginx/logs/access.log;
  client_body_temp_path $tmp/nginx/tmp/body;
  proxy_temp_path $tmp/nginx/tmp/proxy;
  fastcgi_temp_path $tmp/nginx/tmp/fastcgi;
  uwsgi_temp_path $tmp/nginx/tmp/uwsgi;
  scgi_temp_path $tmp/nginx/tmp/scgi;
  server {
    listen 127.0.0.1:$port;
    location /cache/ {
      root $tmp/nginx;
      dav_methods PUT;
      create_full_put_path on;
      client_max_body_size 0;
      dav_access user:rw;
      log_not_found off;  # a cache miss is routine
    }
  }
}
CONF
nginx -p "$tmp/nginx" -c "$tmp/nginx/nginx.conf" -e "$tmp/nginx/logs/error.log" &
nginx_pid=$!

cleanup() {
  for c in first second; do
    [ -d "$tmp/ob_$c" ] || continue
    (cd "$tmp/$c" && bazel --output_base="$tmp/ob_$c" shutdown >/dev/null 2>&1)
    chmod -R u+w "$tmp/ob_$c" 2>/dev/null
    rm -rf "$tmp/ob_$c"
  done
  kill "$nginx_pid" 2>/dev/null
  wait "$nginx_pid" 2>/dev/null
}
trap cleanup EXIT

# Wait until nginx listens.
for _ in $(seq 100); do
  if (: <"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then break; fi
  sleep 0.1
done

build() {  # build <clone> <log>
  local clone="$1" log="$2" ob="$tmp/ob_$(basename "$1")"
  (cd "$clone" && env -i HOME="$real_home" USER="$(id -un)" PATH="$PATH" LANG=C.UTF-8 \
    bazel --output_base="$ob" --max_idle_secs=60 build --disk_cache= \
    --remote_cache="http://127.0.0.1:$port/cache" --noshow_progress "${targets[@]}") \
    >"$log" 2>&1
}

for c in first second; do
  git clone --quiet --no-hardlinks "$workspace" "$tmp/$c" || { echo "FAIL git clone"; exit 1; }
done
build "$tmp/first" "$tmp/first.log" || { echo "FAIL first build"; tail -30 "$tmp/first.log"; exit 1; }
build "$tmp/second" "$tmp/second.log" || { echo "FAIL second build"; tail -30 "$tmp/second.log"; exit 1; }

first=$(grep -E "^INFO: [0-9]+ process(es)?:" "$tmp/first.log" | tail -1)
second=$(grep -E "^INFO: [0-9]+ process(es)?:" "$tmp/second.log" | tail -1)
stored=$(find "$tmp/nginx/cache" -type f | wc -l)
echo "first clone:  $first"
echo "second clone: $second"
echo "remote cache: $stored entries, $(du -sh "$tmp/nginx/cache" | cut -f1)"
# Anything the second build ran itself shows up as a strategy other than the cache's.
if ! grep -q "remote cache hit" <<<"$second" ||
    grep -qE "linux-sandbox|processwrapper-sandbox|local|worker|sandbox" <<<"$second"; then
  echo "FAIL the second clone ran actions itself"
  exit 1
fi
echo "PASS: the second clone's build ran no action of its own"
