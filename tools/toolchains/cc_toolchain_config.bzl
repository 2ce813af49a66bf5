"""A C++ toolchain for Debian's cross compilers (<triple>-g++).

Debian's cross g++ brings the target's libc and libstdc++; the other libraries come from
lib_dirs (Debian's arm64 packages unpacked by tools/setup: several of their -dev packages
cannot be installed beside the amd64 ones). Their headers are the amd64 packages' own.
"""

load("@bazel_tools//tools/build_defs/cc:action_names.bzl", "ACTION_NAMES")
load(
    "@bazel_tools//tools/cpp:cc_toolchain_config_lib.bzl",
    "feature",
    "flag_group",
    "flag_set",
    "tool_path",
)

_COMPILE_ACTIONS = [
    ACTION_NAMES.assemble,
    ACTION_NAMES.preprocess_assemble,
    ACTION_NAMES.c_compile,
    ACTION_NAMES.cpp_compile,
    ACTION_NAMES.cpp_header_parsing,
    ACTION_NAMES.cpp_module_compile,
]

_LINK_ACTIONS = [
    ACTION_NAMES.cpp_link_executable,
    ACTION_NAMES.cpp_link_dynamic_library,
    ACTION_NAMES.cpp_link_nodeps_dynamic_library,
]

def _flags(actions, flags):
    return flag_set(actions = actions, flag_groups = [flag_group(flags = flags)])

def _impl(ctx):
    triple = ctx.attr.triple
    gcc = "/usr/bin/%s-" % triple
    tools = ["ar", "cpp", "dwp", "gcc", "gcov", "ld", "nm", "objcopy", "objdump", "strip"]
    tool_paths = [tool_path(name = t, path = gcc + t) for t in tools]
    features = [
        feature(
            name = "default_compile_flags",
            enabled = True,
            # The language standard comes from .bazelrc (--cxxopt), as for the host.
            flag_sets = [_flags(_COMPILE_ACTIONS, [
                f
                for d in ctx.attr.include_dirs
                for f in ["-isystem", d]
            ] + [
                "-U_FORTIFY_SOURCE",
                "-fstack-protector",
                "-Wall",
                "-fno-omit-frame-pointer",
            ])],
        ),
        feature(
            name = "default_link_flags",
            enabled = True,
            flag_sets = [_flags(_LINK_ACTIONS, [
                f
                for d in ctx.attr.lib_dirs
                for f in ["-L" + d, "-Wl,-rpath-link," + d]
            ] + ["-lstdc++", "-lm", "-pthread"])],
        ),
        feature(name = "supports_pic", enabled = True),
        # No supports_dynamic_linker: tests link the project's libraries statically. In
        # Bazel's dynamic test mode each cc_library becomes a .so, and the cross ld
        # refuses model_test_main's .so calling CreateModel, which the test's own factory
        # defines; static links also spare qemu the loading of dozens of libraries.
        feature(
            name = "opt",
            flag_sets = [_flags(_COMPILE_ACTIONS, ["-O2", "-DNDEBUG", "-ffunction-sections", "-fdata-sections"])],
        ),
        feature(name = "dbg", flag_sets = [_flags(_COMPILE_ACTIONS, ["-g"])]),
    ]
    return cc_common.create_cc_toolchain_config_info(
        ctx = ctx,
        features = features,
        cxx_builtin_include_directories = [
            "/usr/lib/gcc-cross/%s/" % triple,
            "/usr/%s/include" % triple,
            "/usr/include/%s" % triple,
            "/usr/include",
        ] + ctx.attr.include_dirs,
        toolchain_identifier = triple,
        host_system_name = "x86_64-unknown-linux-gnu",
        target_system_name = triple,
        target_cpu = ctx.attr.cpu,
        target_libc = "glibc",
        compiler = "gcc",
        abi_version = "gcc",
        abi_libc_version = "glibc",
        tool_paths = tool_paths,
    )

cc_cross_toolchain_config = rule(
    implementation = _impl,
    attrs = {
        "triple": attr.string(mandatory = True),
        "cpu": attr.string(mandatory = True),
        # Where the target's libraries are (tools/setup's unpacked arm64 packages).
        "lib_dirs": attr.string_list(default = []),
        # The target's own copies of arch-specific headers (jconfig.h), searched before
        # /usr/include, whose arch-specific ones are the build machine's.
        "include_dirs": attr.string_list(default = []),
    },
    provides = [CcToolchainConfigInfo],
)
