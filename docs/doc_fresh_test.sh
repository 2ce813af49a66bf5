#!/bin/bash
# Fails when a checked-in generated doc differs from what the compiler's tables give now.
#   doc_fresh_test.sh <checked-in docs/X.md> <generated X.md>
if diff -u "$1" "$2"; then
  echo "$1 matches the compiler's tables"
  exit 0
fi
echo
echo "$1 is stale (diff above: - checked in, + generated); refresh with:"
echo "  bazel run //docs:update_docs"
exit 1
