#!/bin/sh
# Runs the digits app from the runfiles tree and checks its verdict line. Under
# `bazel test --config=<target>` the app is the target's binary: $NEO_TARGET_EMULATOR runs it.
set -eu
out=$(${NEO_TARGET_EMULATOR:-} "$1")
echo "$out"
echo "$out" | grep -Eq "^match: +yes$"
