#!/bin/bash
# Finds which in-scope ONNX backend tests pass with the current checkout and rewrites
# testdata/onnx_node/status.txt (and, through make_cases.py write_bzl, cases.bzl):
#   1. neoc compiles the case           (else: todo, with neoc's Neo line)
#   2. its generated C++ compiles       (else: todo "generated C++ does not compile")
#   3. the suite binary passes the case (else: todo "wrong result or crash", the reason)
# Cases listed in compiler/frontends/onnx/conformance_exclusions.txt stay `error`.
#   tools/conformance/triage.sh            (from the workspace root)
# Env: BAZEL_OUTPUT_BASE (default ~/.cache/bazel-ob-conformance), BAZEL_JOBS (2).
set -euo pipefail
cd "$(dirname "$0")/../.."
ob="${BAZEL_OUTPUT_BASE:-$HOME/.cache/bazel-ob-conformance}"
jobs="${BAZEL_JOBS:-2}"
bazel() { command bazel --output_base="$ob" "$@"; }
py=/usr/bin/python3
pkg=testdata/onnx_node
status=$pkg/status.txt
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

bazel build --jobs="$jobs" //compiler:neoc
bin=$(bazel info bazel-bin 2>/dev/null)
neoc="$bin/compiler/neoc"

# Keep the error lines (merged from the exclusions by write_bzl); re-judge the rest.
$py tools/conformance/make_cases.py write_bzl >/dev/null
grep -P '^[^#][^\t]*\terror\t' "$status" >"$work/errors" || true
$py tools/conformance/make_cases.py list >"$work/cases"
for s in node pytorch_converted pytorch_operator; do
  $py tools/conformance/make_cases.py emit --suite "$s" --out_dir "$work/data"
done

# 1. neoc
: >"$work/judged"
while IFS=$'\t' read -r suite name shape nin nout; do
  if grep -qP "^$name\t" "$work/errors"; then continue; fi
  rm -rf "$work/out" && mkdir -p "$work/out"
  rc=0
  "$neoc" --framework=onnx --model="$work/data/$name.tar.gz" --data_shape="$shape" \
    --name=m --output_dir="$work/out" >/dev/null 2>"$work/err" || rc=$?
  if [ "$rc" -eq 0 ]; then
    printf '%s\tpass\n' "$name" >>"$work/judged"
  else
    line=$(head -n 1 "$work/err" | tr '\t' ' ')
    printf '%s\ttodo\tneoc exit %d: %s\n' "$name" "$rc" "${line:-(no message)}" >>"$work/judged"
  fi
done <"$work/cases"

write_status() {
  { grep '^#' "$status"; cat "$work/errors" "$work/judged"; } >"$work/status"
  cp "$work/status" "$status"
  $py tools/conformance/make_cases.py write_bzl
}

# demote <case> <note>
demote() {
  awk -F'\t' -v c="$1" -v n="$2" 'BEGIN{OFS="\t"} $1==c{print c, "todo", n; next} {print}' \
    "$work/judged" >"$work/j2" && mv "$work/j2" "$work/judged"
}

write_status
# 2. the generated C++ of every neoc-compiled case
bazel build --jobs="$jobs" --keep_going //$pkg:all >"$work/build.log" 2>&1 || true
for name in $(awk -F'\t' '$2=="pass"{print $1}' "$work/judged"); do
  if ! ls "$bin/$pkg/_objs/$name/"*.o >/dev/null 2>&1; then
    demote "$name" "generated C++ does not compile"
  fi
done
write_status

# 3. run each case alone (a crash must not hide the others)
for suite in node pytorch_converted pytorch_operator; do
  passing=$(awk -F'\t' -v s="$suite" '$1==s{print $2}' "$work/cases" |
            while read -r n; do awk -F'\t' -v c="$n" '$1==c && $2=="pass"{print c}' "$work/judged"; done)
  [ -n "$passing" ] || continue
  bazel build --jobs="$jobs" //$pkg:${suite}_test
  runfiles="$bin/$pkg/${suite}_test.runfiles/neo"
  for name in $passing; do
    if ! (cd "$runfiles" && timeout 120 "$bin/$pkg/${suite}_test" --case="$name") \
        >"$work/run.log" 2>&1; then
      # The first detail line (not the per-case "FAIL <case> threads=N" header).
      why=$(grep -E '^FAIL |exception|Segmentation|Aborted' "$work/run.log" |
            grep -v -E "^FAIL $name threads=" | head -n 1 | tr '\t' ' ' | cut -c1-200 || true)
      demote "$name" "wrong result or crash: ${why:-exit status $?}"
    fi
  done
done
write_status
bazel test --jobs="$jobs" //$pkg:all
