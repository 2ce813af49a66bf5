#!/bin/bash
# Target names change the compiler's choices, and only target names do:
#  - AVX2-only targets (ml_c4, ml_m4) get no Winograd convolutions (oneDNN has them for
#    AVX-512 only); AVX-512 ones do, whatever CPU runs neoc, and so does the default
#    target host (the kernels fall back to the direct algorithm at run time on a CPU
#    without AVX-512).
#  - aarch64 targets (ml_c6g, ml_c7g, rasp4b) run every convolution on XNNPACK: Debian's
#    arm64 oneDNN has no NEON convolution (compiler/codegen/backend_choice.h).
#  - --conv_algorithm=winograd for a target without AVX-512 is a malformed-input error.
# The banner names the target.
#   neoc_targets_test.sh <neoc> <squeezenet1_1.tar.gz>
set -u
neoc="$1"
model="$2"
out="${TEST_TMPDIR:-$(mktemp -d)}"
failures=0
fail() { echo "FAIL: $*"; failures=1; }
report() {
  "$neoc" --framework=onnx --model="$model" --data_shape='{"data":[1,3,224,224]}' \
    --name=sq --output_dir="$out" --target="$1" --report
}
count() { grep -c "$2" <<<"$1"; }
c4=$(report ml_c4)
grep -q "for target ml_c4\.$" "$out/sq.h" || fail "banner lacks ml_c4"
c5=$(report ml_c5)
host=$(report host)
echo "Winograd layers: ml_c4 $(count "$c4" onednn_winograd), ml_c5 $(count "$c5" onednn_winograd), host $(count "$host" onednn_winograd)"
[ "$(count "$c4" onednn_winograd)" = 0 ] || fail "ml_c4 (AVX2) got Winograd layers"
[ "$(count "$c5" onednn_winograd)" -gt 0 ] || fail "ml_c5 got no Winograd layers"
# The node lines (kernel and backend per node); the report's other lines name the target.
[ "$(grep '^op' <<<"$host")" = "$(grep '^op' <<<"$c5")" ] || fail "host made other choices than ml_c5"
for t in ml_c6g ml_c7g rasp4b; do
  r=$(report "$t")
  grep -q "for target $t\.$" "$out/sq.h" || fail "banner lacks $t"
  convs=$(grep -c "^op[0-9]*_conv" <<<"$r")
  on_xnnpack=$(grep "^op[0-9]*_conv" <<<"$r" | grep -c "\[xnnpack\]")
  echo "$t: $on_xnnpack of $convs convolutions on XNNPACK, $(count "$r" "\[onednn") nodes on oneDNN"
  [ "$convs" -gt 20 ] && [ "$on_xnnpack" = "$convs" ] || fail "$t: $on_xnnpack of $convs convolutions on XNNPACK"
done
msg=$("$neoc" --framework=onnx --model="$model" --data_shape='{"data":[1,3,224,224]}' \
  --name=sq --output_dir="$out" --target=ml_c6g --conv_algorithm=winograd 2>&1)
code=$?
want="Malformed input error: --conv_algorithm=winograd needs an AVX-512 target; ml_c6g is aarch64."
[ "$code" = 40 ] && [ "$msg" = "$want" ] || fail "winograd for ml_c6g: exit $code, '$msg'"
[ "$failures" = 0 ]
