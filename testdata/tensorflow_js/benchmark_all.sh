#!/bin/bash
# Runs each TensorFlow.js model's benchmark (median Run() latency at 1 and 2 threads).
# No reference runtime measures beside them: these models have no ONNX twin here, and
# TensorFlow.js's pure-JavaScript backend is not a fair reference for speed.
#   bazel run -c opt //testdata/tensorflow_js:benchmark_all
set -eu
for bench in "$@"; do
  m=$(basename "$bench" _benchmark)
  "$bench" --name="$m" --threads=1,2 --iters=50
done
