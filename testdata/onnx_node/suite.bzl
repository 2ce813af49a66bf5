"""The ONNX backend-test conformance suites (cases.bzl) as Bazel targets.

onnx_conformance_suite(name = "node", cases = SUITES["node"]) creates:
  node_data          ONE genrule writing every case's <case>.tar.gz, <case>_in<i>.npy and
                     <case>_out<i>.npy (tools/conformance/make_cases.py emit), so Bazel
                     caches them as one action
  <case>             neo_model_library per `pass` case (class onnx_conformance::<case>)
  node_registry      generated .cc mapping case name -> factory and .npy paths
  node_test          ONE cc_test linking every pass case, comparing with ONNX's outputs
                     at rtol 1e-3, atol 1e-7 (onnx.backend.test's defaults), 1 and 2 threads
  node_errors_test   sh_test: neoc fails every `error` case with that class's exit code
                     and a non-empty Neo line
  node_todo_test     sh_test printing how many cases are still `todo` (passes)
`error` and `todo` cases are never compiled by the build: a failing neoc would break
`bazel build //...`.
"""

load("//rules:neo.bzl", "neo_model_library")
load("//tools/conformance:registry.bzl", "conformance_registry")

# Which operator inputs the suites freeze into initializers (see make_cases.py).
_CONSTANT_INPUTS = "//compiler/frontends/onnx:conformance_constant_inputs.txt"

# ONNX's onnx/backend/test/loader: rtol = 1e-3, atol = 1e-7 unless a test says otherwise.
RTOL = 1e-3
ATOL = 1e-7

def _npys(case):
    ins = [
        "%s_in%d.npy" % (case["name"], i)
        for i, dt in enumerate(case["input_dtypes"])
        if dt not in ("sequence", "optional", "string")
    ]
    outs = [
        "%s_out%d.npy" % (case["name"], i)
        for i, dt in enumerate(case["output_dtypes"])
        if dt not in ("sequence", "optional", "string")
    ]
    return ins, outs

def onnx_conformance_suite(name, cases, digest, suite = None):
    """See the module docstring. `suite` is make_cases.py's suite name (default `name`)."""
    suite = suite or name
    pkg = native.package_name()
    outs = []
    for c in cases:
        ins, golds = _npys(c)
        outs += [c["name"] + ".tar.gz"] + ins + golds
    native.genrule(
        name = name + "_data",
        outs = outs,
        cmd = ("PYTHONDONTWRITEBYTECODE=1 /usr/bin/python3 " +
               "$(location //tools/conformance:make_cases.py) emit --suite %s " % suite +
               "--constant_inputs $(location %s) " % _CONSTANT_INPUTS +
               "--expect_digest %s --out_dir $(RULEDIR)" % digest),
        tools = [
            _CONSTANT_INPUTS,
            "//tools/conformance:case_status.py",
            "//tools/conformance:make_cases.py",
            "//tools/testdata:deterministic_tar.py",
        ],
        message = "Writing the %s ONNX backend tests as Neo tarballs and .npy" % suite,
        testonly = True,
        # The fuzz targets take some of the models as seeds.
        visibility = ["//compiler/fuzz:__pkg__"],
    )

    passing = [c for c in cases if c["status"] == "pass"]
    for c in passing:
        neo_model_library(
            name = c["name"],
            model = c["name"] + ".tar.gz",
            framework = "onnx",
            data_shape = c["data_shape"],
            cpp_class = "onnx_conformance::" + c["name"],
            testonly = True,
        )
    if passing:
        ins = []
        golds = []
        for c in passing:
            i, o = _npys(c)
            ins.append(",".join([pkg + "/" + f for f in i]))
            golds.append(",".join([pkg + "/" + f for f in o]))
        conformance_registry(
            name = name + "_registry",
            generator = "testdata/onnx_node/suite.bzl",
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
            deps = [":" + c["name"] for c in passing] + [
                "//tools/conformance:suite_main",
            ],
            data = [f for c in passing for f in _npys(c)[0] + _npys(c)[1]],
            args = ["--rtol=%g" % RTOL, "--atol=%g" % ATOL],
        )

    errors = [c for c in cases if c["status"] == "error"]
    native.sh_test(
        name = name + "_errors_test",
        srcs = ["//tools/conformance:errors_test.sh"],
        args = ["$(rootpath //compiler:neoc)"] + [
            # Single quotes: Bazel splits test args like a shell; the JSON has no '.
            "'%s@%s@$(rootpath %s.tar.gz)@%s'" % (c["name"], c["error_class"], c["name"], c["data_shape"])
            for c in errors
        ],
        data = ["//compiler:neoc"] + [c["name"] + ".tar.gz" for c in errors],
    )

    todo = [c["name"] for c in cases if c["status"] == "todo"]
    native.sh_test(
        name = name + "_todo_test",
        srcs = ["//tools/conformance:todo_test.sh"],
        args = [suite, str(len(cases))] + todo,
    )
