#!/bin/bash
# What compiling a model costs a build: neoc's wall time on the model, and the C++
# compiler's on the code neoc writes, compiled as Bazel compiles it (g++ -std=c++17 -O2,
# the kernels' headers from this repository). Run by
#   bazel run //testdata/models:build_cost [-- MODEL.tar.gz ...]
# (default: resnet50); each figure is the median of three runs, on this machine, with
# nothing else running.
set -eu
neoc=$1
shift
models=("$@")
runs=3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
now() { date +%s.%N; }
median() { sort -g | sed -n "$(( (runs + 1) / 2 ))p"; }

printf '%-16s %9s %11s %10s %12s %11s\n' model "neoc s" "compile s" "source KB" "weights MB" "object KB"
for model in "${models[@]}"; do
  name=$(basename "$model" .tar.gz)
  out="$work/$name"
  mkdir -p "$out"
  neoc_times=$(for _ in $(seq $runs); do
    rm -rf "${out:?}"/*
    start=$(now)
    "$neoc" --framework=onnx --model="$model" --data_shape='{"data":[1,3,224,224]}' \
      --name="$name" --output_dir="$out" --header_path="$name.h" \
      --incbin_path="$out/${name}_weights.bin" >/dev/null
    echo "$(now) - $start" | bc
  done | median)
  compile_times=$(for _ in $(seq $runs); do
    start=$(now)
    g++ -std=c++17 -O2 -fPIC -I. -I"$out" -c "$out/$name.cc" -o "$out/$name.o"
    echo "$(now) - $start" | bc
  done | median)
  printf '%-16s %9.2f %11.2f %10d %12.1f %11d\n' "$name" "$neoc_times" "$compile_times" \
    $(( $(stat -c %s "$out/$name.cc") / 1024 )) \
    "$(echo "$(stat -c %s "$out/${name}_weights.bin") / 1048576" | bc -l)" \
    $(( $(stat -c %s "$out/$name.o") / 1024 ))
done
