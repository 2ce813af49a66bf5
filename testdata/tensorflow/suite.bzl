"""The TensorFlow test cases (cases.bzl, from tools/tensorflow/make_cases.py) as targets.

tensorflow_suite(name = "tf", cases = CASES, digest = DIGEST) creates, through
//tools/conformance:framework_suite.bzl:
  tf_data          ONE genrule writing every case's <case>.tar.gz (one frozen_graph.pb or
                   .pbtxt), the model cases' <case>_in<i>.npy / <case>_out<i>.npy, and
                   errors.tsv (each error case's exit code, data shape and Neo line)
  <case>           neo_model_library(framework = "tensorflow") per `pass` case
                   (class tf_cases::<case>)
  tf_registry      generated .cc listing the pass cases (tools/conformance/registry.bzl)
  tf_test          ONE cc_test linking every pass case (tools/conformance/suite_main),
                   1 and 2 threads, atol 1e-4, rtol 1e-3
  tf_errors_test   sh_test: neoc fails every `error` case with its exact first line and
                   exit code and leaves no files
  tf_todo_test     sh_test listing the `todo` cases (passes)
`todo` cases are never compiled by the build: a neoc that cannot compile them yet must
not break `bazel build //...`.
"""

load("//tools/conformance:framework_suite.bzl", "framework_suite")

# The goldens are numpy/PyTorch float64 rounded to float32; TensorFlow itself differs
# from them by about 1e-6, so these leave room for kernel reordering only.
ATOL = 1e-4
RTOL = 1e-3

_GENERATOR = [
    "//tools/tensorflow:make_cases.py",
    "//tools/conformance:case_status.py",
    "//tools/tensorflow:graph_builder.py",
    "//tools/tensorflow:tf_reference.py",
    "//tools/testdata:deterministic_tar.py",
    "//testdata/spec:seed_operators.tsv",
    "//compiler/frontends/tensorflow/proto:graph_pb2.py",
    "//compiler/frontends/tensorflow/proto:tensor_pb2.py",
]

def tensorflow_suite(name, cases, digest):
    """See the module docstring."""
    framework_suite(
        name = name,
        cases = cases,
        digest = digest,
        framework = "tensorflow",
        generator = "//tools/tensorflow:make_cases.py",
        generator_tools = _GENERATOR,
        emit_args = ("--graph_pb2 $(location //compiler/frontends/tensorflow/proto:graph_pb2.py) " +
                     "--spec $(location //testdata/spec:seed_operators.tsv)"),
        cpp_namespace = "tf_cases",
        reference = "TensorFlow",
        registry_generator = "testdata/tensorflow/suite.bzl",
        message = "Writing the TensorFlow test cases as Neo tarballs and .npy",
        atol = ATOL,
        rtol = RTOL,
    )
