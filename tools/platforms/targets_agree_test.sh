#!/usr/bin/env bash
# neoc --list_targets and targets.bzl name the same targets, in the same CPU architecture,
# with the same -march/-mcpu; neoc's extra "host" is the generic x86-64 default.
#   targets_agree_test.sh <neoc> <name>=<cpu>=<copt>[,<copt>...] ...
set -u
neoc="$1"
shift
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
listed=$("$neoc" --list_targets) || { echo "FAIL: neoc --list_targets exited $?"; exit 1; }
declare -A seen
while IFS=$'\t' read -r name family isa description; do
  seen[$name]="${family%% *}=$isa"
done <<<"$listed"
[ "${seen[host]:-}" = "x86_64=x86-64" ] || fail "host is '${seen[host]:-missing}', want x86_64=x86-64"
for spec in "$@"; do
  IFS='=' read -r name cpu copts <<<"$spec"
  isa=${copts#-m*=}
  [ "${seen[$name]:-}" = "$cpu=$isa" ] || fail "$name: neoc says '${seen[$name]:-nothing}', targets.bzl '$cpu=$isa'"
  unset "seen[$name]"
done
unset "seen[host]"
for name in "${!seen[@]}"; do fail "neoc knows $name, targets.bzl does not"; done
[ "$failures" = 0 ] || exit 1
echo "PASS: neoc and targets.bzl agree on $# targets"
