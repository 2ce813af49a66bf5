#!/bin/bash
# Runs each model benchmark given on the command line with the arguments Bazel would
# give it (reads them from the binary's runfiles manifest-free: each benchmark binary
# knows its defaults only through `bazel run`, so they are repeated here).
# A first argument --models_dir=DIR says where the <m>.tar.gz files are (default testdata).
set -eu
models_dir=testdata
case "${1:-}" in --models_dir=*) models_dir="${1#--models_dir=}"; shift ;; esac
for bench in "$@"; do
  m=$(basename "$bench" _benchmark)
  "$bench" --name="$m" --threads=1,2 --iters="${NEO_BENCH_ITERS:-100}" \
    --ort_model="$models_dir/$m.tar.gz" --ort_script="tools/ort/ort_bench.js"
done
