#!/bin/bash
# Client Permission Error through the real binary. Tests run as root, for whom permission
# bits never stop a read, so neoc runs as the unprivileged user 65534 (nobody) here:
# reading a 0600 root-owned model, and writing into a root-owned 0755 folder.
#   neoc_permission_test.sh <neoc> <model.tar.gz>
set -u
if [ "$(id -u)" != 0 ] || ! command -v setpriv >/dev/null; then
  echo "needs root and setpriv to switch users; skipping"
  exit 0
fi
work=$(mktemp -d /tmp/neoc_permission.XXXXXX)
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"
cp "$1" "$work/neoc" && chmod 755 "$work/neoc"
cp "$2" "$work/private.tar.gz" && chmod 600 "$work/private.tar.gz"
cp "$2" "$work/public.tar.gz" && chmod 644 "$work/public.tar.gz"
mkdir "$work/out" && chmod 777 "$work/out"
mkdir "$work/locked" && chmod 755 "$work/locked"
as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
failures=0

check() {  # check <name> <want exit> <want line> <stderr file> <exit>
  if [ "$5" = "$2" ] && [ "$(head -n 1 "$4")" = "$3" ]; then
    echo "ok   $1 (exit $5): $3"
  else
    echo "FAIL $1: exit $5 (want $2): $(cat "$4")"; failures=$((failures + 1))
  fi
}

as_nobody "$work/neoc" --framework=onnx --model="$work/private.tar.gz" \
  --data_shape='{"data":[1,3,8,8]}' --name=m --output_dir="$work/out" 2>"$work/err1"
check unreadable_model 10 "Client Permission Error: Access Denied when reading $work/private.tar.gz" "$work/err1" $?

as_nobody "$work/neoc" --framework=onnx --model="$work/public.tar.gz" \
  --data_shape='{"data":[1,3,8,8]}' --name=m --output_dir="$work/locked" 2>"$work/err2"
check unwritable_output 10 "Client Permission Error: Access Denied when writing $work/locked/m.h" "$work/err2" $?
if [ -n "$(ls -A "$work/locked")" ]; then echo "FAIL: files left in locked/"; failures=$((failures + 1)); fi

[ "$failures" = 0 ]
