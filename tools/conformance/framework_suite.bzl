"""framework_suite: a generated conformance suite of one framework as targets.

Shared by the TensorFlow cases (testdata/tensorflow/suite.bzl) and the MXNet cases
(testdata/mxnet/suite.bzl). `cases` is the CASES list of the package's cases.bzl (from
its generator's write_bzl): dicts with name, status (pass/error/todo), kind
(model/error), data_shape, num_inputs, num_outputs, input_dtypes.

framework_suite(name = "<p>", ...) creates:
  <p>_data         ONE genrule running `<generator> emit` that writes every case's
                   <case>.tar.gz, the model cases' <case>_in<i>.npy (.jpg for JPEG bytes)
                   and <case>_out<i>.npy, and errors.tsv (each error case's exit code,
                   data shape and Neo line)
  <case>           neo_model_library(framework = framework) per `pass` case
                   (class <cpp_namespace>::<case>)
  <p>_registry     generated .cc listing the pass cases (tools/conformance/registry.bzl)
  <p>_test         ONE cc_test linking every pass case (tools/conformance/suite_main),
                   1 and 2 threads, at atol/rtol
  <p>_errors_test  sh_test: neoc fails every `error` case with its exact first line and
                   exit code and leaves no files (tools/conformance/expected_errors_test.sh)
  <p>_todo_test    sh_test listing the `todo` cases (passes)
`todo` cases are never compiled by the build: a neoc that cannot compile them yet must
not break `bazel build //...`.
"""

load("//rules:neo.bzl", "neo_model_library")
load("//tools/conformance:registry.bzl", "conformance_registry")

def case_files(case):
    """The input files (.jpg for JPEG bytes, else .npy) and the golden .npy files."""
    n = case["name"]
    exts = ["jpg" if t == "jpeg" else "npy" for t in case["input_dtypes"]]
    return (["%s_in%d.%s" % (n, i, exts[i]) for i in range(case["num_inputs"])],
            ["%s_out%d.npy" % (n, i) for i in range(case["num_outputs"])])

def framework_suite(
        name,
        cases,
        digest,
        framework,
        generator,
        generator_tools,
        emit_args,
        cpp_namespace,
        reference,
        registry_generator,
        message,
        atol,
        rtol,
        test_size = "medium",
        test_tags = []):
    """See the module docstring.

    Args:
      generator: label of the generator script (run with /usr/bin/python3 ... emit).
      generator_tools: every file the generator reads (itself included).
      emit_args: extra emit arguments, may use $(location) of generator_tools.
      reference: what the goldens stand for, for the test's messages.
      registry_generator: the .bzl named in the registry's first line.
    """
    outs = ["errors.tsv"]
    for c in cases:
        outs.append(c["name"] + ".tar.gz")
        if c["kind"] == "model":
            ins, golds = case_files(c)
            outs += ins + golds
    native.genrule(
        name = name + "_data",
        outs = outs,
        # torch is imported for convolutions and reference modules; keep its caches out of $HOME.
        cmd = ("tmp=$$(mktemp -d) && export HOME=$$tmp TORCH_HOME=$$tmp/torch " +
               "PYTHONDONTWRITEBYTECODE=1 && /usr/bin/python3 " +
               "$(location %s) emit %s " % (generator, emit_args) +
               "--expect_digest %s --out_dir $(RULEDIR) && rm -rf $$tmp" % digest),
        tools = generator_tools,
        message = message,
        testonly = True,
    )

    pkg = native.package_name()
    passing = [c for c in cases if c["status"] == "pass"]
    for c in passing:
        neo_model_library(
            name = c["name"],
            model = c["name"] + ".tar.gz",
            framework = framework,
            data_shape = c["data_shape"],
            cpp_class = cpp_namespace + "::" + c["name"],
            testonly = True,
        )
    if passing:
        ins = []
        golds = []
        data = []
        for c in passing:
            i, o = case_files(c)
            ins.append(",".join([pkg + "/" + f for f in i]))
            golds.append(",".join([pkg + "/" + f for f in o]))
            data += i + o
        conformance_registry(
            name = name + "_registry",
            generator = registry_generator,
            libraries = [":" + c["name"] + "_neoc" for c in passing],
            case_names = [c["name"] for c in passing],
            inputs = ins,
            goldens = golds,
            testonly = True,
        )
        native.cc_test(
            name = name + "_test",
            size = test_size,
            srcs = [":" + name + "_registry"],
            deps = [":" + c["name"] for c in passing] + ["//tools/conformance:suite_main"],
            data = data,
            args = ["--rtol=%g" % rtol, "--atol=%g" % atol, "--reference=" + reference],
            tags = test_tags,
        )

    errors = [c["name"] for c in cases if c["status"] == "error"]
    native.sh_test(
        name = name + "_errors_test",
        srcs = ["//tools/conformance:expected_errors_test.sh"],
        args = [framework, "$(rootpath //compiler:neoc)", "$(rootpath errors.tsv)"] + errors,
        data = ["//compiler:neoc", "errors.tsv"] + [e + ".tar.gz" for e in errors],
    )

    todo = [c["name"] for c in cases if c["status"] == "todo"]
    native.sh_test(
        name = name + "_todo_test",
        srcs = ["//tools/conformance:todo_test.sh"],
        args = [framework, str(len(cases))] + todo,
    )
