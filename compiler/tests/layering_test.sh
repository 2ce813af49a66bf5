#!/bin/bash
# The compiler's data flows one way (load -> frontend -> IR -> passes -> codegen ->
# generated code -> kernels), and Bazel visibility makes a dependency in the wrong
# direction fail the build. This test asks a nested Bazel which libraries each layer can
# see (`bazel query 'visible(...)'`): a layer must see the ones it uses and none of the
# ones it must not, so a BUILD change that opens a wrong direction fails here.
#   layering_test.sh <compiler/tests/BUILD>
set -u
source "$(dirname "$0")/nested_bazel.sh" "$1" compiler/tests/BUILD

failures=0
libraries() { echo "kind(\"cc_library\", $1)"; }

# expect_sees <target> <set>: `target` may depend on something in `set`.
expect_sees() {
  local got
  got=$(nested_bazel query --noshow_progress "visible($1, $(libraries "$2"))" 2>"$nested_tmp/err") ||
    { echo "FAIL query for $1 failed:"; cat "$nested_tmp/err"; failures=$((failures + 1)); return; }
  if [ -n "$got" ]; then
    echo "ok   $1 can use $2"
  else
    echo "FAIL $1 cannot use $2"; failures=$((failures + 1))
  fi
}

# expect_blind <target> <set>: nothing in `set` is visible to `target`.
expect_blind() {
  local got
  got=$(nested_bazel query --noshow_progress "visible($1, $(libraries "$2"))" 2>"$nested_tmp/err") ||
    { echo "FAIL query for $1 failed:"; cat "$nested_tmp/err"; failures=$((failures + 1)); return; }
  if [ -z "$got" ]; then
    echo "ok   $1 cannot use $2"
  else
    echo "FAIL $1 can use $2:"; echo "$got" | sed 's/^/       /'; failures=$((failures + 1))
  fi
}

above_ir="//compiler/passes/... + //compiler/codegen/... + //compiler/frontends/... + //compiler/load/..."
for frontend in //compiler/frontends/onnx:onnx //compiler/frontends/pytorch:pytorch \
                //compiler/frontends/xgboost:xgboost //compiler/frontends/tensorflow:tensorflow \
                //compiler/frontends/mxnet:mxnet; do
  expect_sees "$frontend" "//compiler/ir:ir + //compiler/load:load + //compiler/diagnostics:diagnostics"
  expect_blind "$frontend" "//compiler/passes/... + //compiler/codegen/..."
done
expect_sees //compiler/passes:pipeline //compiler/ir:ir
expect_blind //compiler/passes:pipeline \
  "//compiler/codegen/... + //compiler/frontends/... + //compiler/load/..."
expect_sees //compiler/codegen:codegen "//compiler/ir:ir + //kernels:api"
expect_blind //compiler/codegen:codegen \
  "//compiler/passes/... + //compiler/frontends/... + //compiler/load/..."
expect_blind //compiler/ir:ir "$above_ir"
expect_sees //compiler/ir:ir //kernels/reference:reference
expect_blind //kernels:kernels //compiler/...
# Only the evaluator may use the reference kernels from the compiler.
expect_blind //compiler/codegen:codegen //kernels/reference/...
expect_blind //compiler/passes:pipeline //kernels/reference/...
expect_blind //compiler/frontends/onnx:onnx //kernels/reference/...

[ "$failures" = 0 ] && echo "all checks pass" || echo "$failures check(s) failed"
[ "$failures" = 0 ]
