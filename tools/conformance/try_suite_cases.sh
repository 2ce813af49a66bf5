#!/bin/bash
# Which todo cases of a generated suite (framework_suite.bzl) would pass now? Prints one
# line per case and the flip command. Run through the suite's wrapper:
#   tools/tensorflow/try_cases.sh, tools/mxnet/try_cases.sh
#
#   try_suite_cases.sh <framework> <generator.py> <package> <suite name> <reference>
#                      [--neoc=PATH] [--all] [--no_run] [--write] [case...]
#
#   1. neoc on each todo case (named cases, or every case with --all):
#        model case: does it compile?   error case: exact first line and exit code?
#   2. (not with --no_run) the model cases neoc compiled are built as `pass` cases in a
#      temporary status and run in //<package>:<suite>_test, one case at a time:
#        generated C++ compiles?  outputs match the goldens at atol 1e-4, rtol 1e-3?
#   3. status.txt and cases.bzl are put back, unless --write: then the cases that passed
#      step 2 (model) or step 1 (error) are flipped for good.
#
# --neoc is for step 1 only (default: bazel's //compiler:neoc of this checkout); step 2
# always compiles with this checkout's //compiler:neoc, as the build does.
# Env: BAZEL_JOBS (default 2), BAZEL_OUTPUT_BASE (default: the workspace's own).
set -uo pipefail
cd "$(dirname "$0")/../.."
py=/usr/bin/python3
framework="$1"
gen="$2"
pkg="$3"
suite="$4"
reference="$5"
shift 5
jobs="${BAZEL_JOBS:-2}"
bazel() {
  if [ -n "${BAZEL_OUTPUT_BASE:-}" ]; then command bazel --output_base="$BAZEL_OUTPUT_BASE" "$@"
  else command bazel "$@"; fi
}

neoc="" all=0 run=1 write=0 only=()
for arg in "$@"; do
  case "$arg" in
    --neoc=*) neoc="${arg#--neoc=}" ;;
    --all) all=1 ;;
    --no_run) run=0 ;;
    --write) write=1 ;;
    -h | --help) sed -n '2,21p' "$0"; exit 0 ;;
    -*) echo "unknown flag $arg" >&2; exit 2 ;;
    *) only+=("$arg") ;;
  esac
done

work=$(mktemp -d)
cp $pkg/status.txt "$work/status.orig"
cp $pkg/cases.bzl "$work/cases.orig"
keep=0  # set once --write has written the final status
restore() {
  if [ "$keep" = 0 ]; then
    cp "$work/status.orig" $pkg/status.txt
    cp "$work/cases.orig" $pkg/cases.bzl
  fi
  rm -rf "$work"
}
trap restore EXIT

if [ -z "$neoc" ]; then
  bazel build --jobs="$jobs" //compiler:neoc >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
  neoc="$(bazel info bazel-bin 2>/dev/null)/compiler/neoc"
fi
$py $gen emit --out_dir "$work/data" || exit 1

# The cases to try: name, kind, status, data shape.
$py $gen list >"$work/all"
if [ "${#only[@]}" -gt 0 ]; then
  for c in "${only[@]}"; do
    awk -F'\t' -v c="$c" '$1 == c' "$work/all" | grep . || { echo "no case $c" >&2; exit 2; }
  done >"$work/try"
elif [ "$all" = 1 ]; then
  cp "$work/all" "$work/try"
else
  awk -F'\t' '$3 == "todo"' "$work/all" >"$work/try"
fi

# 1. neoc
: >"$work/result"   # case, kind, verdict, detail
while IFS=$'\t' read -r name kind status shape; do
  rm -rf "$work/out" && mkdir -p "$work/out"
  timeout 300 "$neoc" --framework="$framework" --model="$work/data/$name.tar.gz" \
    --data_shape="$shape" --name=m --output_dir="$work/out" >/dev/null 2>"$work/err"
  rc=$?
  first=$(head -n 1 "$work/err" | tr '\t' ' ')
  if [ "$kind" = error ]; then
    IFS=$'\t' read -r _ code _ want < <(awk -F'\t' -v c="$name" '$1 == c' "$work/data/errors.tsv")
    if [ "$rc" = "$code" ] && [ "$first" = "$want" ]; then
      printf '%s\terror\tERROR-OK\t%s\n' "$name" "$first"
    else
      printf '%s\terror\tERROR-DIFFERS\texit %s (want %s): %s | want: %s\n' "$name" "$rc" "$code" "$first" "$want"
    fi
  elif [ "$rc" = 0 ]; then
    printf '%s\tmodel\tCOMPILES\t\n' "$name"
  else
    printf '%s\tmodel\tNEOC-FAILS\texit %s: %s\n' "$name" "$rc" "${first:-(no message)}"
  fi
done <"$work/try" >>"$work/result"

# verdict <case> <new verdict> <detail>
verdict() {
  awk -F'\t' -v c="$1" -v v="$2" -v d="$3" 'BEGIN { OFS = "\t" } $1 == c { $3 = v; $4 = d } { print }' \
    "$work/result" >"$work/r2" && mv "$work/r2" "$work/result"
}
compiled() { awk -F'\t' '$3 == "COMPILES" { print $1 }' "$work/result"; }

# 2. build and run the compiled model cases as pass cases
if [ "$run" = 1 ] && [ -n "$(compiled)" ]; then
  bin=$(bazel info bazel-bin 2>/dev/null)
  set_pass() {
    cp "$work/status.orig" $pkg/status.txt
    # shellcheck disable=SC2046
    $py $gen flip pass $(compiled) >/dev/null || exit 1
  }
  set_pass
  bazel build --jobs="$jobs" --keep_going //$pkg:all >"$work/build.log" 2>&1
  for name in $(compiled); do
    if ! ls "$bin/$pkg/_objs/$name/"*.o >/dev/null 2>&1; then
      verdict "$name" "CXX-FAILS" "the generated C++ does not compile (or neoc failed under Bazel)"
    fi
  done
  if [ -n "$(compiled)" ]; then
    set_pass
    if bazel build --jobs="$jobs" //$pkg:${suite}_test >"$work/build.log" 2>&1; then
      runfiles="$bin/$pkg/${suite}_test.runfiles/neo"
      for name in $(compiled); do
        if (cd "$runfiles" && timeout 120 "$bin/$pkg/${suite}_test" --case="$name" --atol=1e-4 \
              --rtol=1e-3 --reference="$reference") >"$work/run.log" 2>&1; then
          verdict "$name" "PASS" ""
        else
          why=$(grep -v -E "^(FAIL|PASS) $name threads=" "$work/run.log" | grep -v '^rtol' |
                grep -v '^FAILED_CASE' | head -n 1 | tr '\t' ' ' | cut -c1-200)
          verdict "$name" "WRONG" "${why:-exit status}"
        fi
      done
    else
      tail -n 20 "$work/build.log"
      echo "${suite}_test did not build; the COMPILES cases were not run" >&2
    fi
  fi
fi

sort -t$'\t' -k3,3 -k1,1 "$work/result" | awk -F'\t' '{ printf "%-13s %-55s %s\n", $3, $1, $4 }'
echo
awk -F'\t' '{ n[$3]++ } END { for (v in n) printf "%s %d  ", v, n[v]; print "" }' "$work/result"
pass=$(awk -F'\t' '$3 == "PASS" { printf " %s", $1 }' "$work/result")
errs=$(awk -F'\t' '$3 == "ERROR-OK" { printf " %s", $1 }' "$work/result")

cp "$work/status.orig" $pkg/status.txt
cp "$work/cases.orig" $pkg/cases.bzl
if [ "$write" = 1 ]; then
  keep=1
  [ -n "$pass" ] && $py $gen flip pass $pass
  [ -n "$errs" ] && $py $gen flip error $errs
  echo "status.txt and cases.bzl updated; bazel test //$pkg:all to confirm"
else
  [ -n "$pass" ] && echo "flip with: $py $gen flip pass$pass"
  [ -n "$errs" ] && echo "flip with: $py $gen flip error$errs"
  [ "$run" = 0 ] && [ -n "$(compiled)" ] && echo "(--no_run: COMPILES cases were not run against their goldens)"
fi
exit 0
