#!/bin/bash
# Runs neo_model_benchmark binaries one after another (median Run() latency at 1 and 2
# threads each), for suites whose models have no ONNX twin to measure ONNX Runtime on.
#   run_benchmarks.sh <..._benchmark>...   (each binary's name ends in _benchmark)
set -eu
for bench in "$@"; do
  m=$(basename "$bench" _benchmark)
  "$bench" --name="$m" --threads=1,2 --iters=50
done
