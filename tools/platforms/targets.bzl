"""Neo's CPU targets by family: the Bazel side of compiler/targets.cc's table.

"copts" are the instruction-set flags of the family, which .bazelrc's --config=<name>
passes to every C++ compile of the target build; "qemu_cpu" is the CPU qemu-user emulates
for `bazel test --config=<name>` ("" = run natively: qemu 7.2 has no AVX-512).
:bazelrc_configs_test checks that .bazelrc says what this table says, and
:targets_agree_test that neoc --list_targets has the same names, CPUs and flags.
"""

_AVX512 = {"cpu": "x86_64", "family": "x86_64 AVX-512", "copts": ["-march=skylake-avx512"], "qemu_cpu": ""}
_AVX512_ICELAKE = {"cpu": "x86_64", "family": "x86_64 AVX-512", "copts": ["-march=icelake-server"], "qemu_cpu": ""}
_AVX2 = {"cpu": "x86_64", "family": "x86_64 AVX2", "copts": ["-march=haswell"], "qemu_cpu": "Haswell"}
_GRAVITON2 = {"cpu": "aarch64", "family": "aarch64 Graviton", "copts": ["-mcpu=neoverse-n1"], "qemu_cpu": "neoverse-n1"}

# qemu 7.2 has no Neoverse V1: its "max" CPU with Graviton3's 256-bit SVE.
_GRAVITON3 = {"cpu": "aarch64", "family": "aarch64 Graviton", "copts": ["-mcpu=neoverse-v1"], "qemu_cpu": "max,sve-default-vector-length=32"}
_CORTEX_A72 = {"cpu": "aarch64", "family": "aarch64 board", "copts": ["-mcpu=cortex-a72"], "qemu_cpu": "cortex-a72"}

NEO_TARGETS = {
    "ml_c5": _AVX512,
    "ml_m5": _AVX512,
    "ml_r5": _AVX512,
    "ml_c6i": _AVX512_ICELAKE,
    "ml_m6i": _AVX512_ICELAKE,
    "ml_c4": _AVX2,
    "ml_m4": _AVX2,
    "ml_c6g": _GRAVITON2,
    "ml_m6g": _GRAVITON2,
    "ml_r6g": _GRAVITON2,
    "ml_c7g": _GRAVITON3,
    "rasp4b": _CORTEX_A72,
}
