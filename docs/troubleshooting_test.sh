#!/bin/bash
# Every example in docs/troubleshooting.md is real: this runs neoc on each example's model
# exactly as the guide shows and checks that the guide's block for it holds neoc's first
# stderr word for word (every line of it), with the exit code the guide gives. It also checks that
# the guide has a section for every error class `neoc --help` lists, and no example this
# script does not run.
#
#   troubleshooting_test.sh <guide> <neoc> <pytorch frontend> <digits.tar.gz>
#       <pytorch fixtures dir> <xgboost errors dir> <mxnet case.tar.gz> <tf case.tar.gz>
#       <onnx error fixtures dir>
set -uo pipefail
guide=$(realpath "$1") neoc=$(realpath "$2") plugin=$(realpath "$3")
# Under /tmp, not TEST_TMPDIR: the permission example runs neoc as another user, who
# must be able to reach the folder.
work=$(mktemp -d /tmp/neo_troubleshooting.XXXXXX)
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"
# The models under the names the guide uses, in the folder neoc runs in.
cp "$4" "$work/digits.tar.gz"
cp "$5/errors/state_dict.tar.gz" "$work/state_dict.tar.gz"
cp "$5/errors/unsupported_ops.tar.gz" "$work/detector.tar.gz"
cp "$5/errors/data_dependent.tar.gz" "$work/gated.tar.gz"
cp "$5/ops_head.tar.gz" "$work/head.tar.gz"
cp "$6/too_big.tar.gz" "$work/trees.tar.gz"
cp "$7" "$work/sampler.tar.gz"
cp "$8" "$work/conv.tar.gz"
cp "$9/symlink.tar.gz" "$work/linked.tar.gz"
cp "$neoc" "$work/neoc" && chmod 755 "$work/neoc"
cp "$plugin" "$work/libneo_pytorch_frontend.so"   # found beside neoc
# Two copies of the digits network in one tarball, as a user who re-exported it would.
(cd "$work" && mkdir two && tar -xzf digits.tar.gz -C two && cp two/digits.onnx two/digits_v2.onnx &&
  tar -czf two_models.tar.gz -C two digits.onnx digits_v2.onnx && rm -rf two)
cd "$work" || exit 1
mkdir out
failures=0 ran=()

# The guide's block for <id>: the lines between "<!-- example: id -->" and the end of the
# code block after it.
block() {
  awk -v id="$1" '
    $0 == "<!-- example: " id " -->" { on = 1; next }
    on && /^```/ { if (++fence == 2) exit; next }
    on && fence == 1 { print }' "$guide"
}

# Whether every line of file $1 is a whole line of text $2.
all_lines_in() {
  local line
  while IFS= read -r line; do
    grep -qxF -- "$line" <<<"$2" || return 1
  done <"$1"
}

# example <id> <exit code> -- <neoc arguments as the guide shows them after "neoc">
example() {
  local id=$1 want=$2
  shift 3
  ran+=("$id")
  rm -rf out && mkdir out
  ./neoc "$@" 2>err.txt >/dev/null
  local rc=$? first
  first=$(head -n 1 err.txt)
  local text
  text=$(block "$id")
  if [ -z "$text" ]; then
    echo "FAIL $id: the guide has no example block <!-- example: $id -->"
    failures=$((failures + 1))
  elif ! all_lines_in err.txt "$text"; then
    echo "FAIL $id: neoc said (exit $rc):"
    sed 's/^/  /' err.txt
    echo "  which the guide's block does not hold line for line:"
    sed 's/^/  | /' <<<"$text"
    failures=$((failures + 1))
  elif [ "$rc" != "$want" ] || ! grep -qF "exit $want" <<<"$text"; then
    echo "FAIL $id: exit $rc, want $want (and the guide's block must say \"exit $want\")"
    failures=$((failures + 1))
  elif [ -n "$(ls -A out)" ]; then
    echo "FAIL $id: files left in the output folder"
    failures=$((failures + 1))
  else
    echo "ok   $id (exit $rc): $first"
  fi
}

d='--name=digits --output_dir=out'
example input_configuration 20 -- --framework=onnx --model=two_models.tar.gz --data_shape='{"image":[1,1,8,8]}' $d
example model_size_too_big 21 -- --framework=xgboost --model=trees.tar.gz --name=trees --output_dir=out
example load_state_dict 22 -- --framework=pytorch --model=state_dict.tar.gz --data_shape='[[1,3,4,4]]' --name=net --output_dir=out
example operator_not_implemented 30 -- --framework=pytorch --model=detector.tar.gz --data_shape='[[1,3,4,4]]' --name=net --output_dir=out
example operator_not_implemented_mxnet 30 -- --framework=mxnet --model=sampler.tar.gz --data_shape='{"data":[5,1,4],"state":[1,1,4]}' --name=net --output_dir=out
example attribute_not_implemented 31 -- --framework=pytorch --model=gated.tar.gz --data_shape='[[1,3,4,4]]' --name=net --output_dir=out
example attribute_required 32 -- --framework=tensorflow --model=conv.tar.gz --data_shape='{"x":[1,5,6,3]}' --name=net --output_dir=out
example attribute_value_not_valid 33 -- --framework=pytorch --model=head.tar.gz --data_shape='[[2,3,4,5]]' --name=net --output_dir=out
example shape_wrong_name 40 -- --framework=onnx --model=digits.tar.gz --data_shape='{"input":[1,1,8,8]}' $d
example shape_not_json 40 -- --framework=onnx --model=digits.tar.gz --data_shape="{'image':[1,1,8,8]}" $d
example shape_wrong_rank 40 -- --framework=onnx --model=digits.tar.gz --data_shape='{"image":[1,64]}' $d
example archive_symlink 40 -- --framework=onnx --model=linked.tar.gz --data_shape='{"data":[1,3,8,8]}' $d
example unknown_flag 40 -- --framework=onnx --model=digits.tar.gz --data-shape='{"image":[1,1,8,8]}' $d
example error_json 30 -- --framework=pytorch --model=detector.tar.gz --data_shape='[[1,3,4,4]]' --name=net --output_dir=out --error_format=json
NEOC_INJECT_FAULT=passes example system_error 70 -- --framework=onnx --model=digits.tar.gz --data_shape='{"image":[1,1,8,8]}' $d

# Client Permission Error needs a user whom permission bits stop: not root.
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
  chmod 600 digits.tar.gz
  as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
  ran+=("client_permission")
  rm -rf out && mkdir out && chmod 777 out
  as_nobody ./neoc --framework=onnx --model=digits.tar.gz --data_shape='{"image":[1,1,8,8]}' $d 2>err.txt
  rc=$? first=$(head -n 1 err.txt)
  if [ "$rc" = 10 ] && grep -qxF -- "$first" <<<"$(block client_permission)"; then
    echo "ok   client_permission (exit $rc): $first"
  else
    echo "FAIL client_permission: exit $rc: $first"; failures=$((failures + 1))
  fi
  chmod 644 digits.tar.gz
else
  ran+=("client_permission")
  echo "skip client_permission: needs root and setpriv to run neoc as another user"
fi

# Every example in the guide was run; every error class has a section.
for id in $(sed -n 's/^<!-- example: \(.*\) -->$/\1/p' "$guide"); do
  if [[ ! " ${ran[*]} " =~ " $id " ]]; then
    echo "FAIL the guide's example $id is not run by this test"; failures=$((failures + 1))
  fi
done
while read -r code prefix; do
  if ! grep -q "^## .*$prefix" "$guide"; then
    echo "FAIL no section for $prefix (exit $code)"; failures=$((failures + 1))
  fi
done < <(./neoc --help | sed -n '/^Exit status/,$p' | sed -n 's/^  \([0-9][0-9]*\)  \(.*\)$/\1 \2/p')

[ "$failures" = 0 ] && echo "PASS: every example in the guide is neoc's own output"
