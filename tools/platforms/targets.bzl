"""Neo's CPU targets by family: the Bazel side of compiler/targets.cc's table.

"copts" are the instruction-set flags of the family, which .bazelrc's --config=<name>
passes to every C++ compile of the target build (:bazelrc_configs_test checks that
.bazelrc says what this table says). rasp4b is not in compiler/targets.cc yet.
"""

_AVX512 = {"cpu": "x86_64", "family": "x86_64 AVX-512", "copts": ["-march=skylake-avx512"]}
_AVX512_ICELAKE = {"cpu": "x86_64", "family": "x86_64 AVX-512", "copts": ["-march=icelake-server"]}
_AVX2 = {"cpu": "x86_64", "family": "x86_64 AVX2", "copts": ["-march=haswell"]}
_GRAVITON2 = {"cpu": "aarch64", "family": "aarch64 Graviton", "copts": ["-mcpu=neoverse-n1"]}
_GRAVITON3 = {"cpu": "aarch64", "family": "aarch64 Graviton", "copts": ["-mcpu=neoverse-v1"]}
_CORTEX_A72 = {"cpu": "aarch64", "family": "aarch64 board", "copts": ["-mcpu=cortex-a72"]}

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
