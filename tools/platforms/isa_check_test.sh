#!/usr/bin/env bash
# Our code and the generated code of an x86-64 build use no AVX-512 instruction unless the
# target has AVX-512: disassembles a model's test binary (generated model, kernels, test
# main; oneDNN and XNNPACK are shared libraries, checked at run time by qemu's Haswell
# instead) and looks for EVEX-encoded instructions: zmm registers, opmask registers.
# Functions with "Avx512" in their name are left out: they are the AVX-512 copies our
# kernels call only after asking the CPU at run time (kernels/swish.cc), as oneDNN does.
#   isa_check_test.sh <target name> <avx512 allowed: yes|no> <binary>
set -u
target="$1"
allowed="$2"
binary="$3"
# Host builds link tests dynamically: our code is then in the runfiles' _solib_* libraries
# (named after their packages; the system's libraries are not among them).
files=("$binary")
while IFS= read -r lib; do files+=("$lib"); done < <(
  find "$(dirname "$binary")"/../.. -path '*/_solib_*' \
    \( -name 'libkernels_S*' -o -name 'librules_S*' -o -name 'libtestdata_S*' \) | sort)
listing=$(objdump -d --no-show-raw-insn "${files[@]}") || { echo "FAIL: objdump ${files[*]}"; exit 1; }
dispatched=$(grep -cE '^[0-9a-f]+ <[^>]*Avx512[^>]*>:$' <<<"$listing")
listing=$(awk '/^[0-9a-f]+ <.*>:$/ { skip = ($0 ~ /Avx512/) } !skip' <<<"$listing")
lines=$(grep -cE '^ +[0-9a-f]+:' <<<"$listing")
evex=$(grep -E '%zmm[0-9]|%k[0-7]\b|\{%k[0-7]\}' <<<"$listing" | head -5)
count=$(grep -cE '%zmm[0-9]|%k[0-7]\b|\{%k[0-7]\}' <<<"$listing")
echo "$target: $lines instructions in ${#files[@]} files ($(basename "$binary") and our libraries), $count use zmm or opmask registers ($dispatched run-time dispatched AVX-512 functions left out)"
if [ "$allowed" = no ] && [ "$count" != 0 ]; then
  echo "FAIL: AVX-512 instructions in a build for $target:"
  echo "$evex"
  exit 1
fi
[ "$lines" -gt 10000 ] || { echo "FAIL: too few instructions; not the binary meant"; exit 1; }
echo PASS
