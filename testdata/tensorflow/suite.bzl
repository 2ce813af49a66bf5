"""The TensorFlow test cases (cases.bzl, from tools/tensorflow/make_cases.py) as targets.

tensorflow_suite(name = "tf", cases = CASES, digest = DIGEST) creates:
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

load("//rules:neo.bzl", "neo_model_library")
load("//tools/conformance:registry.bzl", "conformance_registry")

# The goldens are numpy/PyTorch float64 rounded to float32; TensorFlow itself differs
# from them by about 1e-6, so these leave room for kernel reordering only.
ATOL = 1e-4
RTOL = 1e-3

_GENERATOR = [
    "//tools/tensorflow:make_cases.py",
    "//tools/tensorflow:graph_builder.py",
    "//tools/tensorflow:tf_reference.py",
    "//tools/testdata:deterministic_tar.py",
    "//testdata/spec:seed_operators.tsv",
    "//compiler/frontends/tensorflow/proto:graph_pb2.py",
    "//compiler/frontends/tensorflow/proto:tensor_pb2.py",
]

def _npys(case):
    """The input files (.jpg for JPEG bytes, else .npy) and the golden .npy files."""
    n = case["name"]
    exts = ["jpg" if t == "jpeg" else "npy" for t in case["input_dtypes"]]
    return (["%s_in%d.%s" % (n, i, exts[i]) for i in range(case["num_inputs"])],
            ["%s_out%d.npy" % (n, i) for i in range(case["num_outputs"])])

def tensorflow_suite(name, cases, digest):
    """See the module docstring."""
    pkg = native.package_name()
    outs = ["errors.tsv"]
    for c in cases:
        outs.append(c["name"] + ".tar.gz")
        if c["kind"] == "model":
            ins, golds = _npys(c)
            outs += ins + golds
    native.genrule(
        name = name + "_data",
        outs = outs,
        # torch is imported for its convolutions; keep its caches out of $HOME.
        cmd = ("tmp=$$(mktemp -d) && export HOME=$$tmp TORCH_HOME=$$tmp/torch " +
               "PYTHONDONTWRITEBYTECODE=1 && /usr/bin/python3 " +
               "$(location //tools/tensorflow:make_cases.py) emit " +
               "--graph_pb2 $(location //compiler/frontends/tensorflow/proto:graph_pb2.py) " +
               "--spec $(location //testdata/spec:seed_operators.tsv) " +
               "--expect_digest %s --out_dir $(RULEDIR) && rm -rf $$tmp" % digest),
        tools = _GENERATOR,
        message = "Writing the TensorFlow test cases as Neo tarballs and .npy",
        testonly = True,
    )

    passing = [c for c in cases if c["status"] == "pass"]
    for c in passing:
        neo_model_library(
            name = c["name"],
            model = c["name"] + ".tar.gz",
            framework = "tensorflow",
            data_shape = c["data_shape"],
            cpp_class = "tf_cases::" + c["name"],
            testonly = True,
        )
    if passing:
        ins = []
        golds = []
        data = []
        for c in passing:
            i, o = _npys(c)
            ins.append(",".join([pkg + "/" + f for f in i]))
            golds.append(",".join([pkg + "/" + f for f in o]))
            data += i + o
        conformance_registry(
            name = name + "_registry",
            generator = "testdata/tensorflow/suite.bzl",
            libraries = [":" + c["name"] + "_neoc" for c in passing],
            case_names = [c["name"] for c in passing],
            inputs = ins,
            goldens = golds,
            testonly = True,
        )
        native.cc_test(
            name = name + "_test",
            size = "medium",
            srcs = [":" + name + "_registry"],
            deps = [":" + c["name"] for c in passing] + ["//tools/conformance:suite_main"],
            data = data,
            args = ["--rtol=%g" % RTOL, "--atol=%g" % ATOL, "--reference=TensorFlow"],
        )

    errors = [c["name"] for c in cases if c["status"] == "error"]
    native.sh_test(
        name = name + "_errors_test",
        srcs = ["errors_test.sh"],
        args = ["$(rootpath //compiler:neoc)", "$(rootpath errors.tsv)"] + errors,
        data = ["//compiler:neoc", "errors.tsv"] + [e + ".tar.gz" for e in errors],
    )

    todo = [c["name"] for c in cases if c["status"] == "todo"]
    native.sh_test(
        name = name + "_todo_test",
        srcs = ["//tools/conformance:todo_test.sh"],
        args = ["tensorflow", str(len(cases))] + todo,
    )
