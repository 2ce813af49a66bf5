#!/bin/bash
# Fails when neoc's ONNX operator table misses an operator of the spec's PyTorch/ONNX
# column (testdata/spec/seed_operators.tsv; the spec's SoftPlus is ONNX's Softplus).
# Operators the table lists as "(not yet compiled)" are reported, not failed. The ones it
# marks "beyond the spec" must be exactly those the spec's column lacks.
#   operator_table_spec_test.sh <neoc> <seed_operators.tsv>
set -euo pipefail
neoc="$1"
spec="$2"
tmp="${TEST_TMPDIR:-$(mktemp -d)}"
awk -F'\t' '$1=="pytorch+onnx"{print ($2=="SoftPlus" ? "Softplus" : $2)}' "$spec" | sort -u >"$tmp/spec"
"$neoc" --list_operators --framework=onnx >"$tmp/list"
cut -f1 "$tmp/list" | sort -u >"$tmp/table"
awk -F'\t' '$2 != ""{print $1}' "$tmp/list" >"$tmp/not_compiled"
awk -F'\t' '$3 == "beyond the spec"{print $1}' "$tmp/list" | sort -u >"$tmp/beyond"
want=$(wc -l <"$tmp/spec")
if [ "$want" -ne 71 ]; then
  echo "FAIL: the spec's pytorch+onnx column should have 71 operators, has $want"
  exit 1
fi
missing=$(comm -23 "$tmp/spec" "$tmp/table")
extra=$(comm -13 "$tmp/spec" "$tmp/table")
echo "spec: $want operators; table: $(wc -l <"$tmp/table"); not yet compiled: $(wc -l <"$tmp/not_compiled")"
[ -s "$tmp/not_compiled" ] && echo "not yet compiled: $(tr '\n' ' ' <"$tmp/not_compiled")"
[ -n "$extra" ] && echo "in the table but not in the spec: $(echo $extra)"
if [ -n "$missing" ]; then
  echo "FAIL: neoc's ONNX table misses spec operators: $(echo $missing)"
  exit 1
fi
# The table's own "beyond the spec" marks must be exactly the operators the spec lacks.
if [ "$extra" != "$(cat "$tmp/beyond")" ]; then
  echo "FAIL: marked beyond the spec: $(echo $(cat "$tmp/beyond")); not in the spec: $(echo $extra)"
  exit 1
fi
echo "ok: the $(wc -l <"$tmp/beyond") operators marked beyond the spec are those it lacks"
echo "PASS: every spec operator is in neoc's ONNX table"
