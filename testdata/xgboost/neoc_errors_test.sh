#!/bin/bash
# neoc_errors_test.sh <neoc> <errors/too_big.tar.gz>: every XGBoost error fixture gives
# Neo's exact first line and its class's exit code, and leaves no output behind.
set -uo pipefail
neoc=$1
dir=$(dirname "$2")
out=$(mktemp -d)
failed=0

expect() {  # expect <fixture> <exit code> <first line of stderr>
  local err code
  err=$("$neoc" --framework=xgboost --model="$dir/$1.tar.gz" --name=m --output_dir="$out" 2>&1 >/dev/null)
  code=$?
  if [ "$code" != "$2" ] || [ "$(head -n1 <<<"$err")" != "$3" ]; then
    echo "FAIL $1: exit $code, stderr:"
    echo "$err"
    echo "  wanted exit $2: $3"
    failed=1
  else
    echo "PASS $1: $3"
  fi
}

expect too_big 21 "Load Error: ModelSizeTooBig: number of nodes in a tree can't exceed 2^31"
expect truncated 22 "Load Error: m.model is truncated: 50 trees needed at byte 337, the file has 1000 bytes."
expect garbage 22 "Load Error: m.model is not an XGBoost model: it is neither JSON nor XGBoost's binary format (read as binary: m.model is truncated: the learner parameters needed at byte 0, the file has 20 bytes.)"
expect gblinear 31 "Compilation Error: OperatorAttributeNotImplemented: booster gblinear is not supported in XGBoost."
expect categorical 31 "Compilation Error: OperatorAttributeNotImplemented: categorical split is not supported in XGBoost tree."
expect two_models 20 "Load Error: InputConfiguration: Exactly one .model file is allowed for XGBoost model."

if [ -n "$(ls -A "$out")" ]; then
  echo "FAIL: files left behind: $(ls "$out")"
  failed=1
fi
rm -rf "$out"
exit $failed
