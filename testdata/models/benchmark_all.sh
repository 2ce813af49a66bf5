#!/bin/bash
# Runs each model benchmark given on the command line with the arguments Bazel would
# give it (reads them from the binary's runfiles manifest-free: each benchmark binary
# knows its defaults only through `bazel run`, so they are repeated here).
set -eu
for bench in "$@"; do
  m=$(basename "$bench" _benchmark)
  "$bench" --name="$m" --threads=1,2 --iters=100 \
    --ort_model="testdata/$m.tar.gz" --ort_script="tools/ort/ort_bench.js"
done
