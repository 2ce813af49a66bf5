#!/bin/bash
# Fails when neoc's operator table for a framework misses an operator of the spec's column
# for it (testdata/spec/seed_operators.tsv), or marks a spelling that is not the spec's
# own as one of its operators.
#   table_spec_test.sh <neoc> <seed_operators.tsv> <framework> <column size>
set -euo pipefail
neoc="$1"
spec="$2"
framework="$3"
expected="$4"
tmp="${TEST_TMPDIR:-$(mktemp -d)}"
awk -F'\t' -v fw="$framework" '$1==fw{print $2}' "$spec" | sort -u >"$tmp/spec"
"$neoc" --list_operators --framework="$framework" >"$tmp/list"
awk -F'\t' '$3 == ""{print $1}' "$tmp/list" | sort -u >"$tmp/seeds"
want=$(wc -l <"$tmp/spec")
if [ "$want" -ne "$expected" ]; then
  echo "FAIL: the spec's $framework column should have $expected operators, has $want"
  exit 1
fi
echo "spec: $want operators; table: $(wc -l <"$tmp/list") entries," \
  "$(grep -c 'same as' "$tmp/list" || true) same-semantics spellings," \
  "$(grep -c 'beyond the spec' "$tmp/list" || true) beyond the spec," \
  "$(grep -c 'not yet compiled' "$tmp/list" || true) not yet compiled"
missing=$(comm -23 "$tmp/spec" "$tmp/seeds")
extra=$(comm -13 "$tmp/spec" "$tmp/seeds")
if [ -n "$missing$extra" ]; then
  echo "FAIL: missing from the table: ${missing:-none}; listed as spec operators but not in" \
    "the spec: ${extra:-none}"
  exit 1
fi
echo "PASS: the table's spec operators are exactly the spec's $framework column"
