#!/bin/bash
# Every `error` case of a conformance suite: neoc must fail with the exit code of the case's
# error class and print that class's Neo line (non-empty message) first on stderr.
#   errors_test.sh <neoc> <case>@<ErrorClass>@<tarball>@<data_shape>...
set -u
neoc="$1"
shift
out="${TEST_TMPDIR:-$(mktemp -d)}/out"
failures=0
checked=0

# Class name (as conformance_exclusions.txt spells it) -> "exit code|Neo prefix";
# the same table as compiler/diagnostics/diagnostics.cc.
class_info() {
  case "$1" in
    OperatorNotImplemented) echo "30|Compilation Error: OperatorNotImplemented: " ;;
    OperatorAttributeNotImplemented) echo "31|Compilation Error: OperatorAttributeNotImplemented: " ;;
    OperatorAttributeRequired) echo "32|Compilation Error: OperatorAttributeRequired: " ;;
    OperatorAttributeValueNotValid) echo "33|Compilation Error: OperatorAttributeValueNotValid: " ;;
    MalformedInput | "Malformed input error") echo "40|Malformed input error: " ;;
    InputConfiguration) echo "20|Load Error: InputConfiguration: " ;;
    Load | LoadError) echo "22|Load Error: " ;;
    *) echo "" ;;
  esac
}

for spec in "$@"; do
  IFS=@ read -r name cls model shape <<<"$spec"
  info=$(class_info "$cls")
  if [ -z "$info" ]; then
    echo "FAIL $name: unknown error class '$cls'"
    failures=$((failures + 1))
    continue
  fi
  code="${info%%|*}"
  prefix="${info#*|}"
  rm -rf "$out" && mkdir -p "$out"
  "$neoc" --framework=onnx --model="$model" --data_shape="$shape" --name=m \
    --output_dir="$out" 2>"$out.err" >/dev/null
  rc=$?
  first=$(head -n 1 "$out.err")
  checked=$((checked + 1))
  if [ "$rc" != "$code" ] || [ "${first#"$prefix"}" == "$first" ] || [ -z "${first#"$prefix"}" ]; then
    echo "FAIL $name: exit $rc (want $code for $cls)"
    echo "  got:  $first"
    echo "  want: $prefix<message>"
    failures=$((failures + 1))
  else
    echo "ok   $name (exit $rc): $first"
  fi
done
echo "$checked error cases checked, $failures failed"
[ "$failures" -eq 0 ]
