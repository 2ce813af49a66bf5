#!/bin/bash
# The TensorFlow error cases marked `error` in status.txt: neoc must print the case's
# exact Neo line first on stderr, exit with its class's code and leave no files.
#   errors_test.sh <neoc> <errors.tsv> <case>...
# errors.tsv (from make_cases.py emit): case, exit code, data shape, expected line; the
# tarballs sit beside it.
set -u
neoc="$1"
table="$2"
shift 2
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
  "$neoc" --framework=tensorflow --model="$dir/$name.tar.gz" --data_shape="$shape" --name=m \
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
