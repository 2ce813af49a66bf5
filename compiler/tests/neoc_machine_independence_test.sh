#!/usr/bin/env bash
# What neoc writes depends on its inputs and flags only, never on the CPU it runs on: the
# same model and --target give byte-identical .h/.cc/.S/.bin when neoc runs here, with
# oneDNN capped at AVX2 (ONEDNN_MAX_CPU_ISA=AVX2, which would change the answers of a
# neoc that asked oneDNN), and on an emulated AVX2 CPU without AVX-512 (qemu-x86_64 -cpu
# Haswell, Debian's qemu-user; tools/setup installs it).
#   neoc_machine_independence_test.sh <neoc> <model>...
# where <model> is an ONNX model.tar.gz (data shape {"data":[1,3,224,224]}), or
# <framework>=<data shape>=<model.tar.gz> for another.
# The TensorFlow.js models take the NHWC graph and fused-op paths. Every model runs for ml_c5 (AVX-512: Winograd preferred on its 3x3 layers), ml_c4
# (AVX2) and host, the default (any x86-64 CPU: not the build machine's). Under qemu neoc
# runs about 3x slower. resnet50 is left out: it takes the kernel paths of resnet18 and
# mobilenet_v2 (bottleneck 1x1s, Winograd 3x3s) at a third of this test's time.
set -u
neoc="$1"
shift
work="${TEST_TMPDIR:-$(mktemp -d)}/machine_independence"
rm -rf "$work" && mkdir -p "$work"
if ! command -v qemu-x86_64 >/dev/null; then
  echo "FAIL: qemu-x86_64 not found (Debian package qemu-user; run tools/setup)"
  exit 1
fi

failures=0
winograd_models=0
# qemu-user cannot host AddressSanitizer's shadow memory (the emulated neoc is killed
# for memory), so under --config=asan the emulated CPU is left out.
ways="native avx2 haswell"
if grep -q __asan_init "$neoc"; then
  ways="native avx2"
  echo "neoc is built with AddressSanitizer: the qemu -cpu Haswell leg is skipped"
fi
compile() {  # compile <way> <model> <target> <command prefix...>
  local way="$1" model="$2" target="$3"
  shift 3
  local name out start framework=onnx shape='{"data":[1,3,224,224]}'
  if [[ "$model" == *=*=* ]]; then
    framework="${model%%=*}"
    shape="${model#*=}"
    shape="${shape%=*}"
    model="${model##*=}"
  fi
  name=$(basename "$model" .tar.gz)
  out="$work/$name/$target/$way"
  mkdir -p "$out"
  start=$(date +%s%N)
  if ! "$@" "$neoc" --framework="$framework" --model="$model" --data_shape="$shape" \
      --name="$name" --output_dir="$out" --target="$target" 2>"$out.err" >/dev/null; then
    echo "FAIL $name $target $way: neoc failed: $(grep -v '^qemu-x86_64: warning' "$out.err")"
    failures=$((failures + 1))
    return
  fi
  echo "$name $target $way: $(( ($(date +%s%N) - start) / 1000000 )) ms"
}

for model in "$@"; do
  for target in ml_c5 ml_c4 host; do
    compile native "$model" "$target" env
    compile avx2 "$model" "$target" env ONEDNN_MAX_CPU_ISA=AVX2
    [[ "$ways" == *haswell* ]] && compile haswell "$model" "$target" qemu-x86_64 -cpu Haswell
  done
done

for model in "$@"; do
  name=$(basename "${model##*=}" .tar.gz)
  for target in ml_c5 ml_c4 host; do
    dir="$work/$name/$target"
    for f in "$name.h" "$name.cc" "${name}_weights.S" "${name}_weights.bin"; do
      if [ ! -s "$dir/native/$f" ]; then
        echo "FAIL $name $target: $f was not written"
        failures=$((failures + 1))
        continue
      fi
      for way in ${ways#native }; do
        if ! cmp -s "$dir/native/$f" "$dir/$way/$f"; then
          echo "FAIL $name $target: $f differs between native and $way:"
          diff "$dir/native/$f" "$dir/$way/$f" | head -6
          failures=$((failures + 1))
        fi
      done
    done
    # The two targets must have been compiled for what they are (ml_c4 never prefers
    # Winograd), or the comparison above proves less than it seems.
    if grep -q kOnednnWinograd "$dir/native/$name.cc"; then
      if [ "$target" = ml_c4 ]; then
        echo "FAIL $name ml_c4 uses Winograd"
        failures=$((failures + 1))
      else
        winograd_models=$((winograd_models + 1))
      fi
    fi
  done
done

if [ "$winograd_models" -eq 0 ]; then
  echo "FAIL: no model uses Winograd for ml_c5, so the CPU-dependent case went untested"
  failures=$((failures + 1))
fi
if [ "$failures" -ne 0 ]; then
  echo "$failures failures"
  exit 1
fi
echo "PASS: identical output in each way compiled ($ways; haswell is qemu -cpu Haswell)"
