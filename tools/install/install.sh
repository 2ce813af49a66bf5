#!/bin/bash
# Installs what a build outside Bazel needs to compile and link models:
#   PREFIX/bin/neoc                              the compiler
#   PREFIX/lib/neo/libneo_pytorch_frontend.so    its PyTorch frontend (found by neoc there)
#   PREFIX/lib/libneo_kernels.so                 the kernels generated code links
#   PREFIX/include/kernels/...                   their headers
#   PREFIX/lib/cmake/Neo/NeoConfig.cmake         find_package(Neo): Neo::kernels, neo_add_model
#
#   bazel run //:install -- PREFIX      (a relative PREFIX is taken from where bazel ran)
#
# Run again to update: files are replaced, nothing else under PREFIX is touched.
set -euo pipefail

if [ $# -ne 1 ] || [ -z "$1" ]; then
  echo "usage: bazel run //:install -- PREFIX" >&2
  exit 2
fi
prefix=$1
case "$prefix" in
  /*) ;;
  *) prefix="${BUILD_WORKING_DIRECTORY:-$PWD}/$prefix" ;;
esac

# The files ride along as runfiles: under `bazel run` and in tests RUNFILES_DIR names the
# tree; run directly, it is beside this script.
if [ -n "${RUNFILES_DIR:-}" ] && [ -d "$RUNFILES_DIR/neo" ]; then
  root=$RUNFILES_DIR/neo
elif [ -d "$0.runfiles/neo" ]; then
  root=$0.runfiles/neo
else
  echo "install: cannot find the files to install (run it with bazel run //:install)" >&2
  exit 2
fi

# cp and chmod, not install(1): under Bazel this script is itself called "install".
put() {  # mode file... dir
  local mode=$1 dir=${!#}
  for f in "${@:2:$#-2}"; do
    rm -f "$dir/$(basename "$f")"
    cp "$f" "$dir/"
    chmod "$mode" "$dir/$(basename "$f")"
  done
}
mkdir -p "$prefix/bin" "$prefix/lib/neo" "$prefix/lib/cmake/Neo" "$prefix/include/kernels/trees"
put 0755 "$root/compiler/neoc" "$prefix/bin"
put 0755 "$root/compiler/frontends/pytorch/libneo_pytorch_frontend.so" "$prefix/lib/neo"
put 0755 "$root/kernels/libneo_kernels.so" "$prefix/lib"
put 0644 "$root"/kernels/*.h "$prefix/include/kernels"
put 0644 "$root"/kernels/trees/*.h "$prefix/include/kernels/trees"
put 0644 "$root/tools/install/NeoConfig.cmake" "$prefix/lib/cmake/Neo"
echo "Installed neoc $("$prefix/bin/neoc" --version | head -1 | cut -d' ' -f2) into $prefix"
echo "CMake: find_package(Neo) with -DCMAKE_PREFIX_PATH=$prefix (see examples/cmake)."
