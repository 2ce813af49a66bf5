#!/bin/bash
# Reports how many cases of a conformance suite are still `todo` (not compiled by the
# build). Passes while the operator work is in progress; the goal is zero.
#   todo_test.sh <suite> <number of cases> <todo case>...
suite="$1"
total="$2"
shift 2
echo "$suite: $# of $total cases are todo"
for c in "$@"; do echo "  todo $c"; done
exit 0
