#!/bin/bash
# neoc --framework=pytorch end to end: each bad input's exact Neo line and exit code (no
# files left behind), the data shape forms, and the plugin's absence.
#   neoc_pytorch_test.sh <neoc> <libneo_pytorch_frontend.so> <fixtures dir>
set -u
neoc="$1"
plugin="$2"
f="$3"
out="${TEST_TMPDIR:-$(mktemp -d)}/out"
failures=0
advice='Neo needs a TorchScript model, which holds the network'"'"'s code as well as its weights: save one with torch.jit.save(torch.jit.trace(model.eval(), example_input), "model.pth") (or torch.jit.script(model) in place of the trace).'

# expect <name> <exit code> <exact first stderr line> -- <neoc flags...>
expect() {
  local name="$1" code="$2" line="$3"
  shift 4
  rm -rf "$out" && mkdir -p "$out"
  "$neoc" --name=m --output_dir="$out" --framework=pytorch "$@" 2>"$out.err" >/dev/null
  local rc=$?
  local first
  first=$(head -n 1 "$out.err")
  if [ "$rc" != "$code" ] || [ "$first" != "$line" ]; then
    echo "FAIL $name: exit $rc (want $code)"
    echo "  got:  $first"
    echo "  want: $line"
    failures=$((failures + 1))
  elif [ "$code" != 0 ] && [ -n "$(ls -A "$out")" ]; then
    echo "FAIL $name: left files behind: $(ls -A "$out")"
    failures=$((failures + 1))
  else
    echo "ok   $name (exit $rc): $first"
  fi
}

p="--pytorch_frontend=$plugin"
expect two_pth 20 "Load Error: InputConfiguration: Exactly one .pth file is allowed for PyTorch model." -- \
  "$p" --model="$f/errors/two_pth.tar.gz" --data_shape='[[1,3,4,4]]'
expect state_dict 22 "Load Error: model.pth holds only tensors (a state_dict saved with torch.save), not a TorchScript model. $advice" -- \
  "$p" --model="$f/errors/state_dict.tar.gz" --data_shape='[[1,4,16,12]]'
expect legacy_pickle 22 "Load Error: model.pth holds only tensors (a state_dict saved with torch.save), not a TorchScript model. $advice" -- \
  "$p" --model="$f/errors/legacy_pickle.tar.gz" --data_shape='[[1,4,16,12]]'
expect eager_module 22 "Load Error: model.pth holds a pickled Python module (torch.save(model)), which only Python with the model's source can load, not a TorchScript model. $advice" -- \
  "$p" --model="$f/errors/eager_module.tar.gz" --data_shape='[[1,4,16,12]]'
expect not_torchscript 22 "Load Error: model.pth is not a TorchScript archive (torch.jit.save writes a zip archive with the model's code and constants). $advice" -- \
  "$p" --model="$f/errors/not_torchscript.tar.gz" --data_shape='[[1,4,16,12]]'
expect unsupported_ops 30 "Compilation Error: OperatorNotImplemented: The following operators are not implemented: {'aten::_unique2', 'aten::bernoulli', 'aten::nonzero'}" -- \
  "$p" --model="$f/errors/unsupported_ops.tar.gz" --data_shape='[[1,3,4,4]]'
expect data_dependent 31 "Compilation Error: OperatorAttributeNotImplemented: data-dependent control flow is not supported in prim::If." -- \
  "$p" --model="$f/errors/data_dependent.tar.gz" --data_shape='[[1,3,4,4]]'
expect data_dependent_loop 31 "Compilation Error: OperatorAttributeNotImplemented: data-dependent control flow is not supported in prim::Loop." -- \
  "$p" --model="$f/errors/data_dependent_loop.tar.gz" --data_shape='[[1,3,4,4]]'
expect rejected_shape 33 "Compilation Error: OperatorAttributeValueNotValid: The value of attribute weight in operator aten::linear does not match the input's last dimension." -- \
  "$p" --model="$f/ops_head.tar.gz" --data_shape='[[2,3,4,5]]'
expect too_few_shapes 40 "Malformed input error: the data shape lists 1 shape(s) but the model has 2 input(s): 'input0', 'input1'" -- \
  "$p" --model="$f/two_inputs.tar.gz" --data_shape='[[1,5,7]]'
expect too_many_names 40 "Malformed input error: the data shape lists 2 shape(s) but the model has 1 input(s): 'input0'" -- \
  "$p" --model="$f/ops_head.tar.gz" --data_shape='{"input0":[2,3,4,4],"input1":[1]}'
expect no_plugin 22 "Load Error: The PyTorch frontend libneo_pytorch_frontend.so was not found (looked for /nonexistent/libneo_pytorch_frontend.so); build //compiler/frontends/pytorch:libneo_pytorch_frontend.so (or //compiler:neoc_all) and pass --pytorch_frontend=<path>." -- \
  --pytorch_frontend=/nonexistent/libneo_pytorch_frontend.so --model="$f/ops_head.tar.gz" --data_shape='[[2,3,4,4]]'
NEOC_INJECT_FAULT=passes expect system_error 70 "System Error: There was an unexpected error during compilation, check your inputs and try again in a few minutes." -- \
  "$p" --model="$f/ops_head.tar.gz" --data_shape='[[2,3,4,4]]'

# Dictionary names become the generated API's input names; the list form gives input0...
expect dict_names 0 "" -- "$p" --model="$f/two_inputs.tar.gz" --data_shape='{"a":[1,5,7],"b":[1,5,7]}'
if ! grep -q "input_a()" "$out/m.h" || ! grep -q "input_b()" "$out/m.h" || ! grep -q "output_output1()" "$out/m.h"; then
  echo "FAIL dict_names: m.h lacks input_a()/input_b()/output_output1()"
  failures=$((failures + 1))
fi
expect list_names 0 "" -- "$p" --model="$f/two_inputs.tar.gz" --data_shape='[[1,5,7],[1,5,7]]'
if ! grep -q "input_input0()" "$out/m.h" || ! grep -q "input_input1()" "$out/m.h"; then
  echo "FAIL list_names: m.h lacks input_input0()/input_input1()"
  failures=$((failures + 1))
fi
# The CLI-escaped dictionary form.
expect escaped 0 "" -- "$p" --model="$f/ops_head.tar.gz" --data_shape='{\"input0\":[2,3,4,4]}'

# --list_operators --framework=pytorch prints the frontend's table through the plugin.
ops=$("$neoc" --list_operators --framework=pytorch "$p")
for op in aten::_convolution aten::batch_norm aten::linear aten::layer_norm aten::upsample_bilinear2d aten::einsum aten::embedding; do
  if ! grep -qx "$op" <<<"$ops"; then
    echo "FAIL list_operators: $op missing"
    failures=$((failures + 1))
  fi
done
if grep -q "aten::nonzero" <<<"$ops"; then
  echo "FAIL list_operators: lists aten::nonzero"
  failures=$((failures + 1))
fi
echo "ok   list_operators ($(wc -l <<<"$ops") operators)"

if [ "$failures" != 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "all passed"
