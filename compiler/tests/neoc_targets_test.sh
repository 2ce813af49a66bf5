#!/bin/bash
# Target names change the compiler's choices: AVX2-only targets (ml_c4, ml_m4) get no
# Winograd convolutions (oneDNN has them for AVX-512 only); AVX-512 ones do, whatever CPU
# runs neoc, and so does the default target host (the kernels fall back to the direct
# algorithm at run time on a CPU without AVX-512). The banner names the target.
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
host=$(winograd_layers host)
echo "Winograd layers: ml_c4 $c4, ml_c5 $c5, host $host"
[ "$c4" = 0 ] || { echo "FAIL: ml_c4 (AVX2) got Winograd layers"; failures=1; }
[ "$c5" -gt 0 ] || { echo "FAIL: ml_c5 got no Winograd layers"; failures=1; }
[ "$host" = "$c5" ] || { echo "FAIL: host made other choices than ml_c5"; failures=1; }
[ "$failures" = 0 ]
