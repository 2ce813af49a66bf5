"""The MXNet test cases (cases.bzl, from tools/mxnet/make_cases.py) as targets.

mxnet_suite(name = "mx", cases = CASES, digest = DIGEST) creates, through
//tools/conformance:framework_suite.bzl:
  mx_data          ONE genrule writing every case's <case>.tar.gz (one <prefix>-symbol.json
                   and one <prefix>-0000.params, or the broken members of an error case),
                   the model cases' <case>_in<i>.npy / <case>_out<i>.npy, and errors.tsv
                   (each error case's exit code, data shape and Neo line)
  <case>           neo_model_library(framework = "mxnet") per `pass` case
                   (class mx_cases::<case>)
  mx_registry      generated .cc listing the pass cases (tools/conformance/registry.bzl)
  mx_test          ONE cc_test linking every pass case (tools/conformance/suite_main),
                   1 and 2 threads, atol 1e-4, rtol 1e-3
  mx_errors_test   sh_test: neoc fails every `error` case with its exact first line and
                   exit code and leaves no files
  mx_todo_test     sh_test listing the `todo` cases (passes)
`todo` cases are never compiled by the build: a neoc that cannot compile them yet must
not break `bazel build //...`.
"""

load("//tools/conformance:framework_suite.bzl", "framework_suite")

# The goldens are float64 (numpy, PyTorch) rounded to float32; kernels reorder sums.
ATOL = 1e-4
RTOL = 1e-3

_GENERATOR = [
    "//tools/mxnet:make_cases.py",
    "//tools/conformance:case_status.py",
    "//tools/mxnet:mx_reference.py",
    "//tools/mxnet:multibox_reference.py",
    "//tools/mxnet:mxnet_format.py",
    "//tools/testdata:deterministic_tar.py",
    "//testdata/spec:seed_operators.tsv",
]

def mxnet_suite(name, cases, digest):
    """See the module docstring."""
    framework_suite(
        name = name,
        cases = cases,
        digest = digest,
        framework = "mxnet",
        generator = "//tools/mxnet:make_cases.py",
        generator_tools = _GENERATOR,
        emit_args = "--spec $(location //testdata/spec:seed_operators.tsv)",
        cpp_namespace = "mx_cases",
        reference = "MXNet",
        registry_generator = "testdata/mxnet/suite.bzl",
        message = "Writing the MXNet test cases as Neo tarballs and .npy",
        atol = ATOL,
        rtol = RTOL,
    )
