#!/bin/bash
# A fuzz target's short run in the default suite: every seed, and (without libFuzzer)
# NEO_FUZZ_MUTATIONS fixed-seed mutations of each.
#   smoke_test.sh <fuzz target> <seed files...>
set -euo pipefail
target="$1"
shift
exec "$target" "$@"
