"""neo_fuzz_target: one fuzz target, its seeds and its smoke test.

neo_fuzz_target(name, srcs, deps, seeds) creates
  <name>          cc_binary. Under --config=fuzz (clang, --define=neo_fuzz=1) libFuzzer
                  drives it; otherwise smoke_main.cc runs it over the files it is given
                  and fixed-seed mutations of them.
  <name>_smoke    test: the binary over `seeds` (200 mutations each without libFuzzer;
                  each seed once under libFuzzer). In the default suite.
  <name>_run      sh_binary, tagged fuzz: a long libFuzzer run seeded from `seeds`
                  (see compiler/fuzz/README.md).
"""

def neo_fuzz_target(name, srcs, deps, seeds):
    native.cc_binary(
        name = name,
        srcs = srcs,
        deps = deps + ["//compiler/fuzz:fuzz_target"] + select({
            "//compiler/fuzz:fuzzing": [],
            "//conditions:default": ["//compiler/fuzz:smoke_main"],
        }),
        linkopts = select({
            "//compiler/fuzz:fuzzing": ["-fsanitize=fuzzer"],
            "//conditions:default": [],
        }),
        testonly = True,
    )
    native.sh_test(
        name = name + "_smoke",
        srcs = ["//compiler/fuzz:smoke_test.sh"],
        args = ["$(rootpath :%s)" % name] + ["$(rootpaths %s)" % s for s in seeds],
        data = [":" + name] + seeds,
        size = "medium",
    )
    native.sh_binary(
        name = name + "_run",
        srcs = ["//compiler/fuzz:run_fuzzer.sh"],
        args = ["$(rootpath :%s)" % name] + ["$(rootpaths %s)" % s for s in seeds],
        data = [":" + name] + seeds,
        tags = ["fuzz", "manual"],
        testonly = True,
    )

def member_seed(name, tarball, out, member, prefix = ""):
    """A seed file: the member of `tarball` matching the tar wildcard `member`.

    `prefix` (printf escapes, e.g. "\\\\0") goes before it, for targets whose first byte
    selects a format.
    """
    native.genrule(
        name = name,
        srcs = [tarball],
        outs = [out],
        cmd = "(printf '%s' && tar -xzOf $< --wildcards '%s') > $@" % (prefix, member),
        testonly = True,
    )
