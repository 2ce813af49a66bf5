# Sourced by the tests that run a nested Bazel on this workspace (bazel_build_failure_test,
# layering_test). Sets `workspace` from a source file's runfile symlink and defines
# nested_bazel, which runs Bazel there with its own output base under $TEST_TMPDIR (so it
# never waits for the outer Bazel's lock), shut down and removed when the test exits.
#   source nested_bazel.sh <anchor source file> <path of the anchor inside the workspace>
# Such tests need tags no-sandbox and local: the nested Bazel starts a server, writes its
# output base, and reads the real source tree that the runfile symlink leads to.

anchor="$1"
anchor_path="$2"
# Source files in runfiles are symlinks into the source tree: follow one back to the root.
real=$(readlink -f "$anchor")
case "$real" in
  */"$anchor_path") workspace="${real%/$anchor_path}" ;;
  *) echo "FAIL cannot find the workspace from $anchor (-> $real)"; exit 1 ;;
esac
if [ ! -f "$workspace/WORKSPACE" ]; then
  echo "FAIL $workspace (from $anchor) has no WORKSPACE"; exit 1
fi

# HOME may point into the test's sandbox; the shared disk cache lives in the real home.
real_home=$(getent passwd "$(id -u)" | cut -d: -f6)
nested_tmp="${TEST_TMPDIR:-$(mktemp -d)}"
nested_output_base="$nested_tmp/ob"
nested_path="${nested_path:-$PATH}"

# A clean environment: none of the outer test's TEST_*/RUNFILES_* variables, which the
# Bazel client would otherwise read (TEST_TMPDIR changes its output root).
nested_bazel() {
  (cd "$workspace" && env -i HOME="$real_home" USER="$(id -un)" PATH="$nested_path" \
    LANG=C.UTF-8 "$nested_bazel_binary" --output_base="$nested_output_base" \
    --max_idle_secs=120 "$@")
}

nested_bazel_cleanup() {
  nested_bazel shutdown >/dev/null 2>&1
  if [ -d "$nested_output_base" ]; then
    chmod -R u+w "$nested_output_base" 2>/dev/null
    rm -rf "$nested_output_base"
  fi
}
trap nested_bazel_cleanup EXIT

nested_bazel_binary=$(PATH="$nested_path:$PATH" command -v bazel) ||
  { echo "FAIL no bazel on PATH ($nested_path:$PATH)"; exit 1; }
