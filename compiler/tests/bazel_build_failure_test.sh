#!/bin/bash
# A model neoc rejects fails the *Bazel build*, and the build's output carries Neo's
# one-line message: runs a nested Bazel on //testdata/build_failure:unsupported_ops in
# this workspace, with its own output base under $TEST_TMPDIR (so it never waits for the
# outer Bazel's lock) and the shared disk cache (so neoc comes from the cache).
#   bazel_build_failure_test.sh <testdata/build_failure/BUILD> <action_path.txt>
# The second file holds the PATH the outer Bazel gave its actions; PATH is part of each
# action's cache key (without --incompatible_strict_action_env), so the nested Bazel's
# client runs with that PATH to reuse the outer build's neoc from the disk cache.
#
# Needs tags no-sandbox and local: the nested Bazel starts a server, writes its output
# base, and reads the real source tree that the runfile symlink leads to.
set -u
anchor="$1"
action_path=$(cat "$2")
want="Compilation Error: OperatorNotImplemented: The following operators are not implemented: {'Einsum', 'Multinomial', 'NonMaxSuppression', 'Unique'}"

# Source files in runfiles are symlinks into the source tree: follow one back to the root.
real=$(readlink -f "$anchor")
case "$real" in
  */testdata/build_failure/BUILD) workspace="${real%/testdata/build_failure/BUILD}" ;;
  *) echo "FAIL cannot find the workspace from $anchor (-> $real)"; exit 1 ;;
esac
if [ ! -f "$workspace/WORKSPACE" ]; then
  echo "FAIL $workspace (from $anchor) has no WORKSPACE"; exit 1
fi
bazel=$(PATH="$action_path:$PATH" command -v bazel) ||
  { echo "FAIL no bazel on PATH ($action_path:$PATH)"; exit 1; }

# HOME may point into the test's sandbox; the shared disk cache lives in the real home.
real_home=$(getent passwd "$(id -u)" | cut -d: -f6)
disk_cache="$real_home/.cache/neo/bazel-disk"
tmp="${TEST_TMPDIR:-$(mktemp -d)}"
output_base="$tmp/ob"
log="$tmp/nested_build.log"

# A clean environment: none of the outer test's TEST_*/RUNFILES_* variables, which the
# Bazel client would otherwise read (TEST_TMPDIR changes its output root).
nested_bazel() {
  (cd "$workspace" && env -i HOME="$real_home" USER="$(id -un)" PATH="$action_path" \
    LANG=C.UTF-8 "$bazel" --output_base="$output_base" --max_idle_secs=120 "$@")
}

cleanup() {
  nested_bazel shutdown >/dev/null 2>&1
  if [ -d "$output_base" ]; then
    chmod -R u+w "$output_base" 2>/dev/null
    rm -rf "$output_base"
  fi
}
trap cleanup EXIT

echo "workspace: $workspace"
echo "disk cache: $disk_cache"
echo "bazel: $bazel, PATH for actions: $action_path"
start=$(date +%s)
# --symlink_prefix=/ : no bazel-* links in the workspace (they would point into an
# output base this test deletes).
nested_bazel build --disk_cache="$disk_cache" --symlink_prefix=/ --jobs=2 \
  --color=no --curses=no --noshow_progress \
  //testdata/build_failure:unsupported_ops >"$log" 2>&1
rc=$?
end=$(date +%s)
echo "nested bazel build: exit $rc in $((end - start)) s"
grep -E "processes:|Elapsed time" "$log" | sed 's/^/  /'
# Not a failure (a changed source legitimately misses), but say when the cache was cold.
grep -q "remote cache hit" "$log" || echo "note: no disk cache hits; neoc was rebuilt"

failures=0
if [ "$rc" = 0 ]; then
  echo "FAIL the build succeeded; it must fail"; failures=$((failures + 1))
elif [ "$rc" != 1 ]; then
  # 1 is Bazel's "build failed"; anything else (2 command line, 36 local env, 37 internal)
  # means the nested Bazel itself broke, not the model.
  echo "FAIL the nested Bazel exited $rc (want 1, a failed build)"; failures=$((failures + 1))
fi
if grep -qxF -- "$want" "$log"; then
  echo "ok   the build output has the line: $want"
else
  echo "FAIL the build output lacks the exact line: $want"; failures=$((failures + 1))
fi
if grep -q "Compiling model //testdata/build_failure:unsupported_ops_neoc with neoc failed: (Exit 30)" "$log"; then
  echo "ok   the NeoCompile action failed with neoc's Compilation Error exit code 30"
else
  echo "FAIL no NeoCompile failure with exit 30 in the output"; failures=$((failures + 1))
fi
if [ "$failures" != 0 ]; then
  echo "---- nested bazel output ----"
  cat "$log"
fi

[ "$failures" = 0 ] && echo "all checks pass" || echo "$failures check(s) failed"
[ "$failures" = 0 ]
