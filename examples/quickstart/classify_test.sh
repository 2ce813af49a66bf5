#!/bin/bash
# classify_test.sh <classify binary> <flowers.txt>: runs the quick start's app on each
# held-out flower and checks it names the class the framework itself predicted.
set -uo pipefail
app=$1 flowers=$2 failures=0 n=0
while read -r a b c d want; do
  got=$(${NEO_TARGET_EMULATOR:-} "$app" "$a" "$b" "$c" "$d") || { echo "FAIL: $app exited $?"; exit 1; }
  n=$((n + 1))
  if [ "${got%% *}" = "$want" ]; then
    echo "ok   $a $b $c $d -> $got"
  else
    echo "FAIL $a $b $c $d -> $got (the framework says $want)"; failures=$((failures + 1))
  fi
done <"$flowers"
[ "$n" -gt 0 ] && [ "$failures" = 0 ]
