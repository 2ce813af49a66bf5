#!/bin/sh
# Runs the digits app from the runfiles tree and checks its verdict line.
set -eu
out=$("$1")
echo "$out"
echo "$out" | grep -Eq "^match: +yes$"
