#!/bin/bash
# The error cases marked `error` in a suite's status.txt (framework_suite.bzl; the
# TensorFlow and MXNet cases): neoc must print the case's exact Neo line first on stderr,
# exit with its class's code and leave no files.
#   expected_errors_test.sh <framework> <neoc> <errors.tsv> <case>...
# errors.tsv (from the generator's emit): case, exit code, data shape, expected line; the
# tarballs sit beside it.
set -u
framework="$1"
neoc="$2"
table="$3"
shift 3
dir=$(dirname "$table")
out="${TEST_TMPDIR:-$(mktemp -d)}/out"
failures=0

for name in "$@"; do
  row=$(awk -F'\t' -v c="$name" '$1 == c' "$table")
  if [ -z "$row" ]; then
    echo "FAIL $name: not in $table"
    failures=$((failures + 1))
    continue
  fi
  IFS=$'\t' read -r _ code shape line <<<"$row"
  rm -rf "$out" && mkdir -p "$out"
  "$neoc" --framework="$framework" --model="$dir/$name.tar.gz" --data_shape="$shape" --name=m \
    --output_dir="$out" 2>"$out.err" >/dev/null
  rc=$?
  first=$(head -n 1 "$out.err")
  if [ "$rc" != "$code" ] || [ "$first" != "$line" ]; then
    echo "FAIL $name: exit $rc (want $code)"
    echo "  got:  $first"
    echo "  want: $line"
    failures=$((failures + 1))
  elif [ -n "$(ls -A "$out")" ]; then
    echo "FAIL $name: left files behind: $(ls -A "$out")"
    failures=$((failures + 1))
  else
    echo "ok   $name (exit $rc): $first"
  fi
done
echo "$# error cases checked, $failures failed"
[ "$failures" -eq 0 ]
