#!/bin/bash
# A long libFuzzer run of one target (build with --config=fuzz first):
#   bazel run --config=fuzz //compiler/fuzz:<target>_run -- [seconds, default 600]
# Its corpus grows in $NEO_FUZZ_CORPUS (default ~/.cache/neo/fuzz/<target>), seeded from
# the target's seed files; a crashing input is written to the current folder as
# crash-<sha1>, which then becomes a regression seed (compiler/fuzz/README.md).
set -euo pipefail
target="$1"
shift
seeds=()
while [ $# -gt 0 ] && [ -f "$1" ]; do seeds+=("$1"); shift; done
seconds="${1:-600}"
corpus="${NEO_FUZZ_CORPUS:-$HOME/.cache/neo/fuzz/$(basename "$target")}"
mkdir -p "$corpus"
cp -n "${seeds[@]}" "$corpus/" 2>/dev/null || true
cd "${BUILD_WORKING_DIRECTORY:-.}"
exec "$OLDPWD/$target" -max_total_time="$seconds" -rss_limit_mb=4096 -timeout=20 \
  -print_final_stats=1 "$corpus"
