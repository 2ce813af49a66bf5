#!/bin/bash
# neoc's user-facing errors, end to end: for each bad input, the exact Neo line on
# stderr, the class's exit code, and no output files left behind.
#   neoc_errors_test.sh <neoc> <fixtures dir>
set -u
neoc="$1"
fixtures="$2"
out="${TEST_TMPDIR:-$(mktemp -d)}/out"
failures=0

# expect <name> <exit code> <exact first stderr line> -- <neoc flags...>
expect() {
  local name="$1" code="$2" line="$3"
  shift 4
  rm -rf "$out" && mkdir -p "$out"
  "$neoc" --name=m --output_dir="$out" "$@" 2>"$out.err" >/dev/null
  local rc=$?
  local first
  first=$(head -n 1 "$out.err")
  if [ "$rc" != "$code" ] || [ "$first" != "$line" ]; then
    echo "FAIL $name: exit $rc (want $code)"
    echo "  got:  $first"
    echo "  want: $line"
    failures=$((failures + 1))
  elif [ -n "$(ls -A "$out")" ]; then
    echo "FAIL $name: left files behind: $(ls -A "$out")"
    failures=$((failures + 1))
  else
    echo "ok   $name (exit $rc): $first"
  fi
}

# expect_compiles <name> <neoc flags...>: exit 0 with the header and source written.
expect_compiles() {
  local name="$1"
  shift
  rm -rf "$out" && mkdir -p "$out"
  if "$neoc" --name=m --output_dir="$out" "$@" && [ -s "$out/m.h" ] && [ -s "$out/m.cc" ]; then
    echo "ok   $name"
  else
    echo "FAIL $name"; failures=$((failures + 1))
  fi
}

shape='{"data":[1,3,8,8]}'
f="$fixtures"

expect no_onnx 20 "Load Error: InputConfiguration: Exactly one .onnx file is allowed for ONNX model." -- \
  --framework=onnx --model="$f/no_onnx.tar.gz" --data_shape="$shape"
expect two_onnx 20 "Load Error: InputConfiguration: Exactly one .onnx file is allowed for ONNX model." -- \
  --framework=onnx --model="$f/two_onnx.tar.gz" --data_shape="$shape"
expect pytorch_rules 20 "Load Error: InputConfiguration: Exactly one .pth file is allowed for PyTorch model." -- \
  --framework=pytorch --model="$f/small_conv.tar.gz" --data_shape="$shape"
expect unsupported_ops 30 "Compilation Error: OperatorNotImplemented: The following operators are not implemented: {'Multinomial', 'NonMaxSuppression', 'RandomUniformLike', 'Unique'}" -- \
  --framework=onnx --model="$f/unsupported_ops.tar.gz" --data_shape='{"x":[1,4]}'
expect bad_json 40 "Malformed input error: data shape {\"data\":[1,3,8,8 is not valid JSON: at line 1, column 17: syntax error while parsing array - unexpected end of input; expected ']'" -- \
  --framework=onnx --model="$f/small_conv.tar.gz" --data_shape='{"data":[1,3,8,8'
expect wrong_input_name 40 "Malformed input error: input 'image' in the data shape is not an input of the model; the model's inputs are: 'data'" -- \
  --framework=onnx --model="$f/small_conv.tar.gz" --data_shape='{"image":[1,3,8,8]}'
expect empty_shape 40 "Malformed input error: the data shape gives no shape for model input 'data'; the model's inputs are: 'data'" -- \
  --framework=onnx --model="$f/small_conv.tar.gz" --data_shape='{}'
expect rank_mismatch 40 "Malformed input error: input 'data' has rank 4 in the model but the data shape gives rank 3: [1,3,8]" -- \
  --framework=onnx --model="$f/small_conv.tar.gz" --data_shape='{"data":[1,3,8]}'
expect fixed_dim_mismatch 40 "Malformed input error: dimension 1 of input 'data' is 3 in the model but the data shape gives 4: [1,4,8,8]" -- \
  --framework=onnx --model="$f/small_conv.tar.gz" --data_shape='{"data":[1,4,8,8]}'
expect zero_dim 40 "Malformed input error: dimension 2 of input 'data' is 0; dimensions must be positive" -- \
  --framework=onnx --model="$f/small_conv.tar.gz" --data_shape='{"data":[1,3,0,8]}'
expect not_gzip 40 "Malformed input error: $f/not_gzip.tar.gz is not a gzip-compressed tar archive" -- \
  --framework=onnx --model="$f/not_gzip.tar.gz" --data_shape="$shape"
expect escape 40 "Malformed input error: member '../evil.onnx' of $f/escape.tar.gz points outside the archive folder with '..'" -- \
  --framework=onnx --model="$f/escape.tar.gz" --data_shape="$shape"
expect absolute 40 "Malformed input error: member '/tmp/evil.onnx' of $f/absolute.tar.gz has an absolute path" -- \
  --framework=onnx --model="$f/absolute.tar.gz" --data_shape="$shape"
expect symlink 40 "Malformed input error: member 'model.onnx' of $f/symlink.tar.gz is a symbolic link; a model archive may hold only regular files and folders" -- \
  --framework=onnx --model="$f/symlink.tar.gz" --data_shape="$shape"
expect missing_file 40 "Malformed input error: model file $f/nothing.tar.gz does not exist" -- \
  --framework=onnx --model="$f/nothing.tar.gz" --data_shape="$shape"
expect bad_target 40 "Malformed input error: Target 'ml_p3' is not supported (GPU and accelerator targets need another compiler); supported targets: host, ml_c4, ml_c5, ml_c6i, ml_m4, ml_m5, ml_m6i, ml_r5, ml_c6g, ml_m6g, ml_r6g, ml_c7g, rasp4b." -- \
  --framework=onnx --model="$f/small_conv.tar.gz" --data_shape="$shape" --target=ml_p3
NEOC_INJECT_FAULT=passes expect system_error 70 "System Error: There was an unexpected error during compilation, check your inputs and try again in a few minutes." -- \
  --framework=onnx --model="$f/small_conv.tar.gz" --data_shape="$shape"
NEOC_INJECT_FAULT=write expect system_error_while_writing 70 "System Error: There was an unexpected error during compilation, check your inputs and try again in a few minutes." -- \
  --framework=onnx --model="$f/small_conv.tar.gz" --data_shape="$shape"

# The truncated archive's message ends with libarchive's own words; check the Neo part.
rm -rf "$out" && mkdir -p "$out"
"$neoc" --name=m --output_dir="$out" --framework=onnx --model="$f/truncated.tar.gz" \
  --data_shape="$shape" 2>"$out.err"
rc=$?
if [ "$rc" = 40 ] && grep -q "^Malformed input error: $f/truncated.tar.gz is truncated or corrupt: " "$out.err"; then
  echo "ok   truncated (exit $rc): $(head -n 1 "$out.err")"
else
  echo "FAIL truncated: exit $rc: $(cat "$out.err")"; failures=$((failures + 1))
fi

# A gzip bomb: 256 MiB of zeros in about 250 KB. neoc stops once the members pass 64 MiB
# (more than 100 times the archive's size) instead of inflating it whole.
scratch="${TEST_TMPDIR:-$(mktemp -d)}/scratch"
rm -rf "$scratch" && mkdir -p "$scratch/m"
truncate -s 256M "$scratch/m/model.onnx"
tar -C "$scratch" -cf - m | gzip -1 >"$scratch/bomb.tar.gz"
rm -f "$scratch/m/model.onnx"
bomb_bytes=$(stat -c %s "$scratch/bomb.tar.gz")
expect gzip_bomb 40 "Malformed input error: $scratch/bomb.tar.gz unpacks to more than 100 times its own size of $bomb_bytes bytes (a compression bomb?); --max_compression_ratio raises the limit" -- \
  --framework=onnx --model="$scratch/bomb.tar.gz" --data_shape="$shape"
expect gzip_bomb_total 40 "Malformed input error: $scratch/bomb.tar.gz unpacks to more than 1000000 bytes" -- \
  --framework=onnx --model="$scratch/bomb.tar.gz" --data_shape="$shape" --max_unpacked_bytes=1000000
expect bad_ratio_flag 40 "Malformed input error: --max_compression_ratio must be at least 1." -- \
  --framework=onnx --model="$f/small_conv.tar.gz" --data_shape="$shape" --max_compression_ratio=0

# Protobuf limits: nesting (Ifs 40 deep, about 120 levels) and size. Raising the depth
# gets the model past parsing, to the inliner's own limit on nested control flow.
expect deep_nesting 40 "Malformed input error: deep_nesting.onnx is not a valid ONNX model: it nests messages deeper than 100 levels (--max_protobuf_depth)." -- \
  --framework=onnx --model="$f/deep_nesting.tar.gz" --data_shape="$shape"
expect deep_nesting_raised 31 "Compilation Error: OperatorAttributeNotImplemented: control flow nested more than 16 deep is not supported in ONNX model." -- \
  --framework=onnx --model="$f/deep_nesting.tar.gz" --data_shape="$shape" --max_protobuf_depth=200
onnx_bytes=$(gzip -dc "$f/small_conv.tar.gz" | tar -xOf - | wc -c)
expect protobuf_bytes 40 "Malformed input error: small_conv.onnx is not a valid ONNX model: its $onnx_bytes bytes exceed the $((onnx_bytes - 3))-byte limit (--max_protobuf_bytes)." -- \
  --framework=onnx --model="$f/small_conv.tar.gz" --data_shape="$shape" --max_protobuf_bytes=$((onnx_bytes - 3))
expect bad_depth_flag 40 "Malformed input error: --max_protobuf_depth must be at least 1." -- \
  --framework=onnx --model="$f/small_conv.tar.gz" --data_shape="$shape" --max_protobuf_depth=0

# A tensor whose shape a few bytes describe but no machine holds.
expect huge_tensor 40 "Malformed input error: node 'fill' (ConstantOfShape) makes tensor 'big' of shape [4294967296,4294967296,4], more than the 2^40 bytes neoc compiles for one tensor." -- \
  --framework=onnx --model="$f/huge_tensor.tar.gz" --data_shape="$shape"

# A plain, uncompressed tar compiles as its gzipped form does.
gzip -dc "$f/small_conv.tar.gz" >"$scratch/plain.tar"
expect_compiles "plain tar" --framework=onnx --model="$scratch/plain.tar" --data_shape="$shape"

# Both spellings of the shape JSON compile.
for s in '{"data":[1,3,8,8]}' '{\"data\":[1,3,8,8]}'; do
  expect_compiles "shape form $s" --framework=onnx --model="$f/small_conv.tar.gz" --data_shape="$s"
done

[ "$failures" = 0 ] && echo "all cases pass" || echo "$failures case(s) failed"
[ "$failures" = 0 ]
