#!/bin/bash
# neoc's output depends only on its inputs and flags: two runs on the same model give
# byte-identical files, and so do runs whose --output_dir (and model folder) differ,
# because no path reaches the files except through --header_path / --incbin_path.
# A build cache (Bazel's disk or remote cache) relies on this.
#   neoc_deterministic_test.sh <neoc> <model.tar.gz>
set -u
neoc="$1"
model="$2"
work="${TEST_TMPDIR:-$(mktemp -d)}/deterministic"
rm -rf "$work" && mkdir -p "$work/a" "$work/b" "$work/some/deeper/other_dir" "$work/model_copy"
# The same bytes under another folder: only the tarball's base name may appear in the files.
cp "$model" "$work/model_copy/"
copy="$work/model_copy/$(basename "$model")"
failures=0
files=(squeezenet.h squeezenet.cc squeezenet_weights.S squeezenet_weights.bin)

compile() {  # compile <output dir> <model>
  local start end
  start=$(date +%s%N)
  if ! "$neoc" --framework=onnx --model="$2" --data_shape='{"data":[1,3,224,224]}' \
      --name=squeezenet --output_dir="$1" 2>"$1.err"; then
    echo "FAIL neoc into $1: $(cat "$1.err")"
    exit 1
  fi
  end=$(date +%s%N)
  echo "neoc into $1: $(( (end - start) / 1000000 )) ms"
}

compile "$work/a" "$model"
compile "$work/b" "$model"
compile "$work/some/deeper/other_dir" "$copy"

for f in "${files[@]}"; do
  if [ ! -s "$work/a/$f" ]; then
    echo "FAIL $f was not written"; failures=$((failures + 1)); continue
  fi
  echo "$f: $(stat -c %s "$work/a/$f") bytes"
  for other in b some/deeper/other_dir; do
    if cmp "$work/a/$f" "$work/$other/$f"; then
      echo "ok   $f identical in a and $other"
    else
      echo "FAIL $f differs between a and $other"; failures=$((failures + 1))
    fi
  done
done

# No run's folder names appear in any file (the ones that differ between runs, and the
# test's temporary root that all of them share).
for needle in "$work" "other_dir" "model_copy" "${TEST_TMPDIR:-/nonexistent-tmpdir}"; do
  if grep -rlF -- "$needle" "$work/a" "$work/b" "$work/some/deeper/other_dir" >/dev/null; then
    echo "FAIL path '$needle' leaked into: $(grep -rlF -- "$needle" "$work/a" "$work/b" \
      "$work/some/deeper/other_dir")"
    failures=$((failures + 1))
  else
    echo "ok   no '$needle' in the files"
  fi
done

# What the flags say does appear: the default include and .incbin names.
grep -q '^#include "squeezenet.h"$' "$work/a/squeezenet.cc" ||
  { echo "FAIL squeezenet.cc does not include \"squeezenet.h\""; failures=$((failures + 1)); }
grep -q '^  .incbin "squeezenet_weights.bin"$' "$work/a/squeezenet_weights.S" ||
  { echo "FAIL squeezenet_weights.S does not .incbin \"squeezenet_weights.bin\""; failures=$((failures + 1)); }

# And when the flags name paths, those (and only those) are what the files use.
mkdir -p "$work/c"
if "$neoc" --framework=onnx --model="$model" --data_shape='{"data":[1,3,224,224]}' \
    --name=squeezenet --output_dir="$work/c" --header_path=models/vision/squeezenet.h \
    --incbin_path=bazel-out/k8-opt/bin/models/vision/squeezenet_weights.bin 2>"$work/c.err"; then
  grep -q '^#include "models/vision/squeezenet.h"$' "$work/c/squeezenet.cc" &&
    grep -q '^#ifndef NEO_GENERATED_MODELS_VISION_SQUEEZENET_H_$' "$work/c/squeezenet.h" &&
    grep -q '^  .incbin "bazel-out/k8-opt/bin/models/vision/squeezenet_weights.bin"$' \
      "$work/c/squeezenet_weights.S" &&
    cmp -s "$work/a/squeezenet_weights.bin" "$work/c/squeezenet_weights.bin" &&
    echo "ok   --header_path/--incbin_path appear as given" ||
    { echo "FAIL --header_path/--incbin_path not used as given"; failures=$((failures + 1)); }
else
  echo "FAIL neoc with --header_path: $(cat "$work/c.err")"; failures=$((failures + 1))
fi

[ "$failures" = 0 ] && echo "all checks pass" || echo "$failures check(s) failed"
[ "$failures" = 0 ]
