#!/bin/bash
# Installs neoc and the kernels into a fresh prefix, configures and builds examples/cmake
# with CMake (neoc runs as a build step), runs the app on the held-out digits, and checks
#   - the app's accuracy equals PyTorch's ("match: yes"),
#   - the header neoc wrote for CMake is the one Bazel's neo_model_library wrote,
#   - a second build with nothing changed runs neoc again for nothing,
#   - the PyTorch (neoc's plugin, found in the prefix) and XGBoost (trees in two shards)
#     quick starts built the same way name the classes their frameworks predict.
set -euo pipefail
install=$1 model=$2 images=$3 labels=$4 accuracy=$5 bazel_header=$6
iris_pytorch=$7 iris_xgboost=$8 flowers_pytorch=$9 flowers_xgboost=${10} classify_test=${11}
work=${TEST_TMPDIR:-$(mktemp -d)}
prefix=$work/prefix build=$work/build

RUNFILES_DIR=${RUNFILES_DIR:-$TEST_SRCDIR} "$PWD/$install" "$prefix"
for f in bin/neoc lib/libneo_kernels.so lib/neo/libneo_pytorch_frontend.so \
         include/kernels/model.h include/kernels/trees/predict.h lib/cmake/Neo/NeoConfig.cmake; do
  [ -f "$prefix/$f" ] || { echo "FAIL: the install lacks $f"; exit 1; }
done

# The project refers to ../digits: copy both folders, as a checkout has them.
mkdir -p "$work/src/examples/cmake" "$work/src/examples/digits" \
         "$work/src/examples/quickstart/pytorch" "$work/src/examples/quickstart/xgboost"
cp examples/cmake/CMakeLists.txt "$work/src/examples/cmake/"
cp examples/digits/app.cc examples/digits/npy_file.cc examples/digits/npy_file.h \
   "$work/src/examples/digits/"
cp examples/quickstart/pytorch/classify.cc "$work/src/examples/quickstart/pytorch/"
cp examples/quickstart/xgboost/classify.cc "$work/src/examples/quickstart/xgboost/"

# Under `--config=asan`/`ubsan` the installed library is instrumented and needs its
# sanitizer's runtime: the apps are built with the same sanitizers (so they run checked
# too, and the ASan runtime comes first in their library list, as ASan requires).
sanitize=()
needed=$(readelf -d "$prefix/lib/libneo_kernels.so")
for s in address:libasan undefined:libubsan thread:libtsan; do
  if grep -q "NEEDED.*${s#*:}\." <<< "$needed"; then sanitize+=("${s%%:*}"); fi
done
flags=""
if [ ${#sanitize[@]} -gt 0 ]; then
  flags="-fsanitize=$(IFS=,; echo "${sanitize[*]}")"
  echo "the installed kernels are built with $flags: so are the apps"
fi

cmake -S "$work/src/examples/cmake" -B "$build" -DCMAKE_PREFIX_PATH="$prefix" \
      -DDIGITS_MODEL="$PWD/$model" -DIRIS_PYTORCH_MODEL="$PWD/$iris_pytorch" \
      -DIRIS_XGBOOST_MODEL="$PWD/$iris_xgboost" -DCMAKE_BUILD_TYPE=Release \
      -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="$flags" > "$work/configure.log" ||
  { cat "$work/configure.log"; exit 1; }
cmake --build "$build" -j 2 > "$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
grep -q "neoc: compiling" "$work/build.log" || { echo "FAIL: neoc did not run"; exit 1; }

out=$("$build/digits" "$images" "$labels" "$accuracy")
echo "$out"
echo "$out" | grep -Eq "^match: +yes$" || { echo "FAIL: accuracy differs from PyTorch's"; exit 1; }

generated=$build/digits_net_neo/examples/digits/digits_net.h
if ! cmp -s "$generated" "$bazel_header"; then
  echo "FAIL: CMake's digits_net.h differs from Bazel's:"
  diff "$bazel_header" "$generated" | head -20
  exit 1
fi
grep -q 'kInput0Layout\[\] = "NCHW"' "$generated" || { echo "FAIL: no input layout"; exit 1; }

"$classify_test" "$build/classify_pytorch" "$flowers_pytorch" || { echo "FAIL: PyTorch"; exit 1; }
"$classify_test" "$build/classify_xgboost" "$flowers_xgboost" || { echo "FAIL: XGBoost"; exit 1; }
[ -f "$build/iris_xgboost_neo/examples/quickstart/xgboost/iris_net_trees_1.cc" ] ||
  { echo "FAIL: no second shard"; exit 1; }

cmake --build "$build" > "$work/rebuild.log" 2>&1
if grep -q "neoc: compiling" "$work/rebuild.log"; then
  echo "FAIL: an unchanged build ran neoc again"; cat "$work/rebuild.log"; exit 1
fi
echo "PASS: CMake build against the installed prefix; header identical to Bazel's"
