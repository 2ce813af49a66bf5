#!/bin/bash
# Target names change the compiler's choices: AVX2-only targets (ml_c4, ml_m4) get no
# Winograd convolutions (oneDNN has them for AVX-512 only); AVX-512 ones do. The banner
# names the target.
#   neoc_targets_test.sh <neoc> <squeezenet1_1.tar.gz>
set -u
neoc="$1"
model="$2"
out="${TEST_TMPDIR:-$(mktemp -d)}"
failures=0
winograd_layers() {
  "$neoc" --framework=onnx --model="$model" --data_shape='{"data":[1,3,224,224]}' \
    --name=sq --output_dir="$out" --target="$1" --report | grep -c 'onednn_winograd'
}
c4=$(winograd_layers ml_c4)
grep -q "for target ml_c4. Do not edit." "$out/sq.h" || { echo "FAIL: banner lacks ml_c4"; failures=1; }
c5=$(winograd_layers ml_c5)
echo "Winograd layers: ml_c4 $c4, ml_c5 $c5"
[ "$c4" = 0 ] || { echo "FAIL: ml_c4 (AVX2) got Winograd layers"; failures=1; }
if grep -q avx512f /proc/cpuinfo; then
  [ "$c5" -gt 0 ] || { echo "FAIL: ml_c5 got no Winograd layers on an AVX-512 host"; failures=1; }
fi
[ "$failures" = 0 ]
