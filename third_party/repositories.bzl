"""Offline repositories: Debian's Bazel rules and the system libraries under /usr."""

def _rules_cc_for_bazel4_impl(ctx):
    # Debian's rules_cc 0.0.4 calls use_cpp_toolchain(), which Bazel 4.2.3 lacks; the
    # toolchain type it stands for is the same, so copy the rules and spell it out.
    src = ctx.path(ctx.attr.path)
    for child in src.readdir():
        ctx.symlink(child, child.basename)
    for f in ["cc_flags_supplier.bzl", "compiler_flag.bzl"]:
        rel = "cc/private/rules_impl/" + f
        text = ctx.read(src.get_child("cc").get_child("private").get_child("rules_impl").get_child(f))
        text = text.replace(', "use_cpp_toolchain")', ")")
        text = text.replace("use_cpp_toolchain()", '["@bazel_tools//tools/cpp:toolchain_type"]')
        ctx.delete(rel)
        ctx.file(rel, text, executable = False)

_rules_cc_for_bazel4 = repository_rule(
    implementation = _rules_cc_for_bazel4_impl,
    attrs = {"path": attr.string(mandatory = True)},
    local = True,
)

def _aarch64_sysroot_impl(ctx):
    # tools/setup unpacks Debian's arm64 library packages here: several of their -dev
    # packages cannot be installed beside the amd64 ones (multiarch conflicts).
    root = ctx.os.environ.get("NEO_AARCH64_SYSROOT") or (
        ctx.os.environ.get("HOME", "/root") + "/.cache/neo/sysroot-aarch64/root")
    libdir = root + "/usr/lib/aarch64-linux-gnu"
    ctx.file("sysroot.bzl", 'AARCH64_LIBDIR = "%s"\nAARCH64_INCLUDEDIR = "%s"\n' % (
        libdir,
        root + "/usr/include/aarch64-linux-gnu",
    ))
    # Runs target test binaries on this machine with Debian's qemu-user; for aarch64 with
    # the cross toolchain's loader and libc and the unpacked libraries.
    template = Label("//tools/platforms:emulate.sh.tpl")
    ctx.template("qemu_aarch64.sh", template, {
        "%{default_cpu}": "neoverse-n1",
        "%{qemu}": "/usr/bin/qemu-aarch64",
        "%{qemu_args}": '-L /usr/aarch64-linux-gnu -E LD_LIBRARY_PATH="%s"' % libdir,
    }, executable = True)
    ctx.template("qemu_x86_64.sh", template, {
        "%{default_cpu}": "Haswell",
        "%{qemu}": "/usr/bin/qemu-x86_64",
        "%{qemu_args}": "",
    }, executable = True)
    ctx.file("BUILD", "\n".join([
        'exports_files(["sysroot.bzl"])',
        'sh_binary(name = "qemu_aarch64", srcs = ["qemu_aarch64.sh"], visibility = ["//visibility:public"])',
        'sh_binary(name = "qemu_x86_64", srcs = ["qemu_x86_64.sh"], visibility = ["//visibility:public"])',
        "",
    ]))

_aarch64_sysroot = repository_rule(
    implementation = _aarch64_sysroot_impl,
    environ = ["HOME", "NEO_AARCH64_SYSROOT"],
    local = True,
)

def _system_versions_impl(ctx):
    # The Debian package versions of the libraries neoc and generated code link, for
    # `neoc --version`. The libraries are the installed ones, so their versions are read
    # from the package database rather than written down here.
    lines = []
    for package in ctx.attr.packages:
        r = ctx.execute(["dpkg-query", "--showformat=${Version}", "--show", package])
        version = r.stdout.strip() if r.return_code == 0 else "not installed"
        lines.append('    {"%s", "%s"},' % (package, version.replace('"', "")))
    ctx.file("system_versions.h", "\n".join([
        "// Written by //third_party:repositories.bzl from dpkg-query when the repository",
        "// is fetched: Debian package name and version.",
        "#ifndef NEO_SYSTEM_VERSIONS_H_",
        "#define NEO_SYSTEM_VERSIONS_H_",
        "namespace neo {",
        "struct SystemPackage { const char* name; const char* version; };",
        "inline constexpr SystemPackage kSystemPackages[] = {",
    ] + lines + [
        "};",
        "}  // namespace neo",
        "#endif  // NEO_SYSTEM_VERSIONS_H_",
        "",
    ]))
    ctx.file("BUILD", "\n".join([
        'cc_library(name = "system_versions", hdrs = ["system_versions.h"], visibility = ["//visibility:public"])',
        "",
    ]))

_system_versions = repository_rule(
    implementation = _system_versions_impl,
    attrs = {"packages": attr.string_list(mandatory = True)},
    local = True,
)

def neo_dependencies():
    _system_versions(name = "system_versions", packages = [
        "libprotobuf-dev",
        "libonnx-dev",
        "libarchive-dev",
        "libgflags-dev",
        "nlohmann-json3-dev",
        "libtorch-dev",
        "libdnnl-dev",
        "libxnnpack-dev",
        "libpthreadpool-dev",
        "libjpeg62-turbo-dev",
    ])
    _aarch64_sysroot(name = "aarch64_sysroot")
    _rules_cc_for_bazel4(name = "rules_cc", path = "/usr/share/bazel/rules/cc")
    native.local_repository(name = "rules_java", path = "/usr/share/bazel/rules/java")
    native.local_repository(name = "platforms", path = "/usr/share/bazel/tools/platforms")
    native.local_repository(name = "bazel_skylib", path = "/usr/share/bazel/tools/skylib")

    # cc_test pulls in the coverage tools even for `bazel build`; local stubs keep it offline.
    native.local_repository(name = "remote_coverage_tools", path = "third_party/coverage_stub")

    native.new_local_repository(
        name = "system_libs",
        path = "/usr",
        build_file = "//third_party:system_libs.BUILD",
    )
