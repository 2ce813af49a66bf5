#!/bin/sh
# ONNX Runtime, an implementation independent of PyTorch, must reproduce every
# torchvision golden within 1e-4 from the exported tarball. Arguments: triples of
# <model>.tar.gz <model>_input.npy <model>_golden.npy, after the script's path.
set -eu
bench="$1"
shift
while [ $# -ge 3 ]; do
  /usr/bin/node "$bench" "$1" --iters 1 --warmup 0 --check "$2" "$3" --atol 1e-4
  shift 3
done
