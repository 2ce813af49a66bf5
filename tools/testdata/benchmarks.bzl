"""A benchmark per model and one target that runs them all (run_benchmarks.sh)."""

load("//rules:neo.bzl", "neo_model_benchmark")

def model_benchmarks(models, iters = 50):
    """<m>_benchmark for each library :<m> in `models`, and :benchmark_all running them.

    All are tagged benchmark and manual: `bazel run -c opt //<package>:benchmark_all`.
    """
    for m in models:
        neo_model_benchmark(name = m + "_benchmark", library = ":" + m, iters = iters)
    native.sh_binary(
        name = "benchmark_all",
        srcs = ["//tools/testdata:run_benchmarks.sh"],
        args = ["$(rootpath :%s_benchmark)" % m for m in models],
        data = [":%s_benchmark" % m for m in models],
        tags = [
            "benchmark",
            "manual",
        ],
        testonly = True,
    )
