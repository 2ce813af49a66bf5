#!/bin/bash
# digits_report_test.sh <digits_net_report.txt> <digits_net_report.json>: the report
# names the model, every compiled node with its kernel and backend, the convolutions'
# MACs, and no times (the files must be as reproducible as the code).
set -u
txt="" json=""
for f in "$@"; do
  case "$f" in
    *.txt) txt="$f" ;;
    *.json) json="$f" ;;
  esac
done
[ -s "$txt" ] && [ -s "$json" ] || { echo "FAIL: want a .txt and a .json, got: $*"; exit 1; }
cat "$txt"
fail=0
grep -q '^model digits.tar.gz (onnx), target ' "$txt" || { echo "FAIL: no model line"; fail=1; }
grep -qE '^op[0-9]+_conv2d  Conv2D .*  \[(onednn|onednn_winograd|xnnpack)\]  .*\([0-9.]+ [kM]?MAC\)$' "$txt" ||
  { echo "FAIL: no convolution line with backend and MACs"; fail=1; }
grep -q '^phases:' "$txt" && { echo "FAIL: the file has phase times"; fail=1; }
/usr/bin/python3 - "$json" <<'PY' || fail=1
import json, sys
r = json.load(open(sys.argv[1]))
assert r["model"] == "digits.tar.gz" and r["framework"] == "onnx", r
assert len(r["sha256"]) == 64, r["sha256"]
convs = [n for n in r["nodes"] if n["op"] == "Conv2D"]
assert convs and all(n["backend"] and n["macs"] > 0 for n in convs), convs
assert r["totals"]["flops"] == 2 * sum(n["macs"] for n in r["nodes"]), r["totals"]
assert r["totals"]["weight_bytes"] > 0 and r["totals"]["arena_bytes"] > 0, r["totals"]
assert sum(r["frontend_ops"].values()) >= len(r["nodes"]) - 4, r["frontend_ops"]
assert "phase_ms" not in r
print("json ok:", len(r["nodes"]), "nodes,", r["totals"]["flops"], "FLOPs")
PY
[ "$fail" = 0 ] && echo PASS
exit $fail
