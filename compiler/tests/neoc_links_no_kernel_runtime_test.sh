#!/usr/bin/env bash
# neoc must not link the kernels' runtime: no oneDNN, no XNNPACK, nor the libraries they
# bring (pthreadpool, cpuinfo, OpenMP). The compiler picks backends with the pure
# capability functions (//kernels:capabilities), so nothing it writes can depend on the
# CPU of the machine that runs it. Fails naming each library and symbol it finds.
set -euo pipefail
neoc="$1"

failed=0
# Libraries neoc or anything it loads needs.
while read -r lib; do
  case "$lib" in
    libdnnl* | libXNNPACK* | libpthreadpool* | libcpuinfo* | libgomp* | libomp*)
      echo "FAIL: neoc needs $lib"
      failed=1
      ;;
  esac
done < <(ldd "$neoc" | awk '{print $1}')

# Symbols, defined or not (mangled names: C++ ones mention the namespace, as 4dnnl).
symbols=$(nm --format=posix "$neoc" | awk '{print $1}' |
  grep -E 'dnnl|^xnn_|^pthreadpool_|^cpuinfo_|^omp_|^GOMP_' || true)
if [ -n "$symbols" ]; then
  echo "FAIL: neoc has $(echo "$symbols" | wc -l) oneDNN/XNNPACK/OpenMP symbols, e.g.:"
  echo "$symbols" | head -5 | sed 's/^/  /'
  failed=1
fi

if [ "$failed" -ne 0 ]; then
  echo "A dependency of //compiler:neoc pulls in //kernels (the runtime); the compiler"
  echo "may depend on //kernels:api and //kernels:capabilities only."
  exit 1
fi
echo "PASS: neoc links no oneDNN, XNNPACK, pthreadpool, cpuinfo or OpenMP"
