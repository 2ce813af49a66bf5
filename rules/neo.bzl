"""Bazel rules that compile trained models to C++ with neoc at build time.

    load("//rules:neo.bzl", "neo_model_library", "neo_model_test")

    neo_model_library(
        name = "resnet18",
        model = "resnet18.tar.gz",     # the tarball exactly as Neo takes it
        framework = "onnx",
        data_shape = '{"data":[1,3,224,224]}',
        cpp_class = "vision::ResNet18",
    )

neo_model_library(name = "x") creates:
  x               cc_library: header "<package>/x.h" declaring the model class (README.md)
  x_neoc          the compile action's outputs (x.h, x.cc, x_weights.S, x_weights.bin;
                  for XGBoost x.h, x.cc, x_trees_0.cc ... x_trees_<shards-1>.cc), with the
                  output groups neo_header, neo_sources, neo_weights, neo_report and
                  neo_graph
  x_neo_header    filegroup of output group neo_header: x.h
  x_neo_sources   filegroup of output group neo_sources: x.cc, x_weights.S (or the
                  trees' .cc files)
  x_neo_weights   filegroup of output group neo_weights: x_weights.bin (empty for XGBoost)
  x_neo_report    filegroup of output group neo_report: x_report.txt and x_report.json,
                  the compile report (operators, what each pass changed, each node's
                  kernel, backend and MACs, FLOPs, weight and arena bytes), written by
                  every compile but kept out of x (bazel build
                  --output_groups=neo_report //pkg:x_neoc, or depend on x_neo_report)
  x_neo_graph     filegroup of output group neo_graph: x_graph.dot, the compiled graph in
                  Graphviz's language (dot -Tsvg x_graph.dot > x.svg)
and, given test_inputs and test_goldens, as tfcompile's tf_library does:
  x_test          neo_model_test of x on them (plus x_test_factory)
  x_benchmark     neo_model_benchmark of x (manual; bazel run), timing ONNX Runtime
                  beside it for an ONNX model (plus x_benchmark_factory)
neo_model_test(name = "t", library = ":x") creates:
  t          cc_test comparing the model's outputs with .npy goldens
  t_factory  the small library that constructs the model for the generic test main
"""

load("//tools/platforms:targets.bzl", "NEO_TARGETS")

NeoModelInfo = provider(
    doc = "What the generated code of a neo_model_library is called.",
    fields = {
        "header": "include path of the generated header",
        "cpp_class": "fully qualified class name",
    },
)

# The Neo target of the build's platform (tools/platforms): "" for a platform that is
# not one of Neo's (a plain `bazel build`).
_PLATFORM_TARGET = {"//tools/platforms:is_" + t: t for t in NEO_TARGETS}
_PLATFORM_TARGET["//conditions:default"] = ""

def _camel_case(name):
    out = ""
    upper = True
    for c in name.elems():
        if not c.isalnum():
            upper = True
            continue
        out += c.upper() if upper else c
        upper = False
    if not out or out[0].isdigit():
        out = "Model" + out
    return out

def _neo_compile_impl(ctx):
    name = ctx.attr.stem
    header = ctx.actions.declare_file(name + ".h")
    source = ctx.actions.declare_file(name + ".cc")
    trees = ctx.attr.framework == "xgboost"
    if trees:
        # Tree ensembles: no weights blob; the trees in `shards` source files.
        shards = [ctx.actions.declare_file("%s_trees_%d.cc" % (name, k)) for k in range(ctx.attr.shards)]
        generated = [source] + shards
        blobs = []
    else:
        assembly = ctx.actions.declare_file(name + "_weights.S")
        weights = ctx.actions.declare_file(name + "_weights.bin")
        generated = [source, assembly]
        blobs = [weights]
    reports = [ctx.actions.declare_file(name + "_report." + ext) for ext in ["txt", "json"]]
    graph = ctx.actions.declare_file(name + "_graph.dot")
    cpp_class = ctx.attr.cpp_class or _camel_case(name)
    header_path = (ctx.label.package + "/" if ctx.label.package else "") + name + ".h"
    if ctx.label.workspace_root:
        header_path = ctx.label.workspace_root + "/" + header_path
    args = ctx.actions.args()
    args.add("--framework=" + ctx.attr.framework)
    args.add("--model=" + ctx.file.model.path)
    args.add("--data_shape=" + ctx.attr.data_shape)
    args.add("--name=" + name)
    args.add("--output_dir=" + header.dirname)
    args.add("--cpp_class=" + cpp_class)
    args.add("--header_path=" + header_path)
    args.add("--write_report")
    args.add("--graph=" + graph.path)
    if trees:
        args.add("--shards=%d" % ctx.attr.shards)
    else:
        args.add("--incbin_path=" + weights.path)
        args.add("--conv_algorithm=" + ctx.attr.conv_algorithm)
    target = ctx.attr.platform_target or ctx.attr.target
    if ctx.attr.target and ctx.attr.platform_target and ctx.attr.target != ctx.attr.platform_target:
        fail(("target = \"%s\", but the build is for Neo target %s (its platform " +
              "//tools/platforms:%s): drop the attribute or build with --config=%s") % (
            ctx.attr.target,
            ctx.attr.platform_target,
            ctx.attr.platform_target,
            ctx.attr.target,
        ), attr = "target")
    if target:
        args.add("--target=" + target)
    if ctx.attr.allocation_free_run:
        args.add("--allocation_free_run")
    inputs = [ctx.file.model]
    same_build = ctx.attr.neoc_target != None
    neoc = ctx.executable.neoc_target if same_build else ctx.executable._neoc_exec
    if ctx.attr.framework == "pytorch":
        # The PyTorch frontend is a plugin neoc loads; only PyTorch models wait for it.
        plugin = (ctx.file.pytorch_frontend_target if same_build else
                  ctx.file._pytorch_frontend_exec)
        args.add("--pytorch_frontend=" + plugin.path)
        inputs.append(plugin)
    ctx.actions.run(
        executable = neoc,
        arguments = [args],
        inputs = inputs,
        outputs = [header] + generated + blobs + reports + [graph],
        mnemonic = "NeoCompile",
        progress_message = "Compiling model %s with neoc" % ctx.label,
    )
    return [
        DefaultInfo(files = depset([header] + generated + blobs)),
        OutputGroupInfo(
            neo_header = depset([header]),
            neo_sources = depset(generated),
            neo_weights = depset(blobs),
            neo_report = depset(reports),
            neo_graph = depset([graph]),
        ),
        NeoModelInfo(header = header_path, cpp_class = cpp_class),
    ]

_neo_compile = rule(
    implementation = _neo_compile_impl,
    attrs = {
        "stem": attr.string(mandatory = True),
        "model": attr.label(mandatory = True, allow_single_file = [".tar.gz", ".tgz"]),
        "framework": attr.string(
            mandatory = True,
            values = ["onnx", "pytorch", "tensorflow", "mxnet", "xgboost"],
        ),
        "data_shape": attr.string(default = ""),
        "target": attr.string(default = ""),
        # The Neo target the build's platform names (--config=ml_c6g), "" for none.
        "platform_target": attr.string(default = ""),
        "cpp_class": attr.string(default = ""),
        "conv_algorithm": attr.string(default = "auto", values = ["direct", "winograd", "auto"]),
        "allocation_free_run": attr.bool(default = False),
        "shards": attr.int(default = 1),
        # Which build of neoc runs. When the build's target is the machine building it,
        # neo_model_library sets neoc_target: the neoc the compiler's own tests link also
        # compiles the models (one build of the compiler, not one per configuration).
        # Cross builds (--define=neo_tools=exec, see //rules:tools_in_exec_config) leave
        # it unset and run the exec build. A select, not two private attributes: a
        # target-configuration neoc that can't be built for the target (aarch64) would
        # make every model library incompatible with that platform.
        "neoc_target": attr.label(executable = True, cfg = "target"),
        "pytorch_frontend_target": attr.label(allow_single_file = True, cfg = "target"),
        "_neoc_exec": attr.label(
            default = "//compiler:neoc",
            executable = True,
            cfg = "exec",
        ),
        "_pytorch_frontend_exec": attr.label(
            default = "//compiler/frontends/pytorch:libneo_pytorch_frontend.so",
            allow_single_file = True,
            cfg = "exec",
        ),
    },
)

def neo_model_library(
        name,
        model,
        framework,
        data_shape = "",
        target = None,
        cpp_class = None,
        conv_algorithm = "auto",
        allocation_free_run = False,
        shards = 1,
        test_inputs = None,
        test_goldens = None,
        test_atol = 1e-4,
        test_rtol = 1e-3,
        gen_test = True,
        gen_benchmark = True,
        **kwargs):
    """Compiles `model` (a Neo tarball) with neoc and wraps the result in a cc_library.

    Args:
      name: the cc_library; the generated header is "<package>/<name>.h".
      model: label of the .tar.gz.
      framework: onnx | pytorch | tensorflow | mxnet | xgboost.
      data_shape: input shapes as JSON, as Neo's DataInputConfig takes them.
      target: Neo target name (ml_c5, ml_m5, ml_c6g, ...; `neoc --list_targets`). By
          default the build's platform decides: `--config=ml_c6g` compiles for ml_c6g,
          and a build without a Neo platform for "host" (any x86-64 CPU, the same code
          whatever machine runs the build). Given with a Neo platform, it must agree.
      cpp_class: the generated class, e.g. "vision::ResNet18"; default CamelCase(name).
      conv_algorithm: "auto" (Winograd on the 3x3 stride-1 layers where it measured
        faster, see compiler/codegen/emit_compute.cc), "direct" or "winograd".
      allocation_free_run: only kernels whose Run() allocates nothing (XNNPACK and
        reference; oneDNN's execute call allocates a little per primitive).
      shards: XGBoost only: the trees are split over this many generated .cc files
        (<name>_trees_<k>.cc), compiled in parallel; use more for big ensembles.
      test_inputs: .npy (or .jpg) files, one per model input; with test_goldens, creates
        <name>_test and <name>_benchmark.
      test_goldens: the goldens for <name>_test, as neo_model_test takes them: a list
        (one per output, in order) or a dict from output name to file (any subset).
      test_atol: <name>_test's absolute tolerance.
      test_rtol: <name>_test's relative tolerance.
      gen_test: False to skip <name>_test even with test inputs.
      gen_benchmark: False to skip <name>_benchmark even with test inputs.
      **kwargs: passed to the cc_library (visibility, tags, testonly, ...).
    """
    if (test_inputs == None) != (test_goldens == None):
        fail("give both test_inputs and test_goldens, or neither", attr = "test_inputs")
    _neo_compile(
        name = name + "_neoc",
        stem = name,
        model = model,
        framework = framework,
        data_shape = data_shape,
        target = target or "",
        platform_target = select(_PLATFORM_TARGET),
        cpp_class = cpp_class or "",
        conv_algorithm = conv_algorithm,
        allocation_free_run = allocation_free_run,
        shards = shards,
        neoc_target = select({
            "//rules:tools_in_exec_config": None,
            "//conditions:default": "//compiler:neoc",
        }),
        pytorch_frontend_target = select({
            "//rules:tools_in_exec_config": None,
            "//conditions:default": "//compiler/frontends/pytorch:libneo_pytorch_frontend.so",
        }),
        testonly = kwargs.get("testonly", False),
        tags = kwargs.get("tags", []),
        visibility = kwargs.get("visibility"),
    )
    for group in ["neo_header", "neo_sources", "neo_weights", "neo_report", "neo_graph"]:
        native.filegroup(
            name = name + "_" + group,
            srcs = [":" + name + "_neoc"],
            output_group = group,
            testonly = kwargs.get("testonly", False),
            tags = kwargs.get("tags", []),
        )
    native.cc_library(
        name = name,
        hdrs = [":" + name + "_neo_header"],
        srcs = [":" + name + "_neo_sources"],
        # The .S pulls the blob in with .incbin: an input of the compile, not a source.
        textual_hdrs = [":" + name + "_neo_weights"],
        # Tree code calls the header-only tree walker; everything else the kernels.
        # DecodeJpeg (libjpeg) is a TensorFlow operator: only TensorFlow models link it
        # (whether or not they decode JPEGs: Bazel fixes deps before neoc runs).
        deps = (["//kernels:api", "//kernels/trees:tree_ensemble"] if framework == "xgboost" else
                ["//kernels", "//kernels:decode_jpeg"] if framework == "tensorflow" else
                ["//kernels"]),
        copts = kwargs.pop("copts", []) + select({
            "//rules:strict_warnings": ["-Wall", "-Wextra", "-Werror"],
            "//conditions:default": [],
        }),
        **kwargs
    )
    if test_inputs == None:
        return
    tags = kwargs.get("tags", [])
    if gen_test:
        neo_model_test(
            name = name + "_test",
            library = ":" + name,
            inputs = test_inputs,
            goldens = test_goldens,
            atol = test_atol,
            rtol = test_rtol,
            tags = tags,
        )
    if gen_benchmark:
        neo_model_benchmark(
            name = name + "_benchmark",
            library = ":" + name,
            reference_model = model if framework == "onnx" else None,
            tags = tags,
        )

def _neo_model_factory_impl(ctx):
    info = ctx.attr.compiled[NeoModelInfo]
    out = ctx.actions.declare_file(ctx.attr.name + ".cc")
    ctx.actions.write(out, "\n".join([
        "// Generated by neo_model_test: constructs the model for the generic test main.",
        "#include \"%s\"" % info.header,
        "#include \"rules/testing/model_factory.h\"",
        "",
        "namespace neo {",
        "namespace testing {",
        "",
        "std::unique_ptr<neo::Model> CreateModel(int num_threads) {",
        "  return std::unique_ptr<neo::Model>(new %s(num_threads));" % info.cpp_class,
        "}",
        "",
        "}  // namespace testing",
        "}  // namespace neo",
        "",
    ]))
    return [DefaultInfo(files = depset([out]))]

_neo_model_factory = rule(
    implementation = _neo_model_factory_impl,
    attrs = {"compiled": attr.label(mandatory = True, providers = [NeoModelInfo])},
)

def _shell_quote(s):
    # Bazel splits a test's args as a shell would; an output name may hold anything.
    return "'" + s.replace("'", "'\\''") + "'"

def _compiled(library):
    return library + "_neoc"

def neo_model_factory(name, library, **kwargs):
    """A cc_library defining neo::testing::CreateModel() for `library`'s class."""
    _neo_model_factory(name = name + "_src", compiled = _compiled(library), **kwargs)
    native.cc_library(
        name = name,
        srcs = [":" + name + "_src"],
        deps = [library, "//rules/testing:model_factory"],
        alwayslink = True,
        **kwargs
    )

def neo_model_test(
        name,
        library,
        inputs,
        goldens,
        atol = 1e-4,
        rtol = 1e-3,
        threads = 1,
        max_run_allocations = None,
        concurrent_instances = 1,
        **kwargs):
    """Runs `library`'s model on .npy `inputs` and compares with .npy `goldens`.

    `goldens` is either a list, one .npy per output in the model's order, or a dict from
    output name to .npy for any subset of the outputs ({"predictions": "p.npy"}); the
    test prints which outputs it did not check.

    An input the model takes as JPEG bytes (a TensorFlow string input read by
    DecodeJpeg) is given as the .jpg file itself; a JPEG the model rejects at run time
    (run_status) fails the test with the reason.

    The test prints, per output, the worst absolute and relative errors, and fails when
    any element is off by more than atol + rtol * |golden| or a second run differs.
    It also counts the heap allocations of one Run(); with max_run_allocations set, more
    than that many fail the test.

    With concurrent_instances = N > 1, N more instances then repeat the check at once,
    one thread each (each instance using `threads` threads). Under --config=tsan that is
    a ThreadSanitizer test of running one model from several threads.
    """
    # The factory shares the test's tags, so a "manual" test's model is not built by //...
    neo_model_factory(name = name + "_factory", library = library, testonly = True,
                      tags = kwargs.get("tags", []))
    if type(goldens) == "dict":
        golden_files = goldens.values()
        golden_args = [
            _shell_quote("--golden=" + output + "=") + "$(rootpath %s)" % f
            for output, f in goldens.items()
        ]
    else:
        golden_files = goldens
        golden_args = ["--goldens=" + ",".join(["$(rootpath %s)" % f for f in goldens])]
    native.cc_test(
        name = name,
        deps = [":" + name + "_factory", "//rules/testing:model_test_main"],
        data = inputs + golden_files,
        args = [
            "--inputs=" + ",".join(["$(rootpath %s)" % f for f in inputs]),
        ] + golden_args + [
            "--atol=%g" % atol,
            "--rtol=%g" % rtol,
            "--threads=%d" % threads,
            "--instances=%d" % concurrent_instances,
        ] + ([] if max_run_allocations == None else [
            "--max_run_allocations=%d" % max_run_allocations,
        ]),
        # Counting needs the counter's operator new to be the executable's own (under
        # ASan a shared library's loses to the runtime's).
        linkstatic = max_run_allocations != None,
        **kwargs
    )

def neo_model_benchmark(name, library, reference_model = None, threads = [1, 2], iters = 100, **kwargs):
    """A binary printing the median Run() latency of `library`'s model per thread count.

    With `reference_model` (the model's ONNX tarball) it also measures ONNX Runtime
    (tools/ort/ort_bench.js, from tools/setup) in the same run and prints the ratio.
    Tagged "benchmark" and "manual": `bazel test //...` never runs it; use bazel run.
    """
    # Manual like the benchmark: `bazel build //...` must not build a manual model for it.
    neo_model_factory(name = name + "_factory", library = library, testonly = True,
                      tags = ["manual"])
    args = [
        "--name=" + name,
        "--threads=" + ",".join([str(t) for t in threads]),
        "--iters=%d" % iters,
    ]
    data = []
    if reference_model:
        args += [
            "--ort_model=$(rootpath %s)" % reference_model,
            "--ort_script=$(rootpath //tools/ort:ort_bench.js)",
        ]
        data += [reference_model, "//tools/ort:ort_bench.js"]
    tags = kwargs.pop("tags", [])
    native.cc_binary(
        name = name,
        deps = [":" + name + "_factory", "//rules/testing:benchmark_main"],
        args = args,
        data = data,
        testonly = True,
        tags = tags + ["benchmark", "manual"],
        **kwargs
    )
