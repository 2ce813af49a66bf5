#!/bin/bash
# Fails when the checked-in docs/operators.md differs from what neoc's table generates.
#   operators_md_test.sh <checked-in operators.md> <generated operators.md>
if diff -u "$1" "$2"; then
  echo "docs/operators.md matches neoc --list_operators"
  exit 0
fi
echo
echo "docs/operators.md is stale (diff above: - checked in, + generated); refresh with:"
echo "  bazel run //docs:update_operators_md"
exit 1
