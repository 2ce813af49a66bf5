#!/bin/bash
# A model neoc rejects fails the *Bazel build*, and the build's output carries Neo's
# one-line message: runs a nested Bazel on //testdata/build_failure:unsupported_ops in
# this workspace, with its own output base under $TEST_TMPDIR (so it never waits for the
# outer Bazel's lock) and the shared disk cache (so neoc comes from the cache).
#   bazel_build_failure_test.sh <testdata/build_failure/BUILD> <action_path.txt>
# The second file holds the PATH the outer Bazel gave its actions; PATH is part of each
# action's cache key (without --incompatible_strict_action_env), so the nested Bazel's
# client runs with that PATH to reuse the outer build's neoc from the disk cache.
set -u
# The PATH the outer Bazel gave its actions: the nested Bazel's client runs with it.
nested_path=$(cat "$2")
source "$(dirname "$0")/nested_bazel.sh" "$1" testdata/build_failure/BUILD
want="Compilation Error: OperatorNotImplemented: The following operators are not implemented: {'Multinomial', 'NonMaxSuppression', 'RandomUniformLike', 'Unique'}"
disk_cache="$real_home/.cache/neo/bazel-disk"
log="$nested_tmp/nested_build.log"

echo "workspace: $workspace"
echo "disk cache: $disk_cache"
echo "bazel: $nested_bazel_binary, PATH for actions: $nested_path"
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

# An explicit target attribute must agree with the build's platform: analysis fails.
platform_log="$nested_tmp/nested_platform.log"
nested_bazel build --nobuild --config=ml_c6g --disk_cache="$disk_cache" --symlink_prefix=/ \
  --color=no --curses=no --noshow_progress \
  //testdata/build_failure:explicit_ml_c5 >"$platform_log" 2>&1
rc=$?
want_platform='target = "ml_c5", but the build is for Neo target ml_c6g (its platform //tools/platforms:ml_c6g): drop the attribute or build with --config=ml_c5'
if [ "$rc" = 1 ] && grep -qF -- "$want_platform" "$platform_log"; then
  echo "ok   target = \"ml_c5\" under --config=ml_c6g fails analysis (exit 1) saying so"
else
  echo "FAIL target = \"ml_c5\" under --config=ml_c6g: exit $rc (want 1) and the line: $want_platform"
  cat "$platform_log"
  failures=$((failures + 1))
fi

if [ "$failures" != 0 ]; then
  echo "---- nested bazel output ----"
  cat "$log"
fi

[ "$failures" = 0 ] && echo "all checks pass" || echo "$failures check(s) failed"
[ "$failures" = 0 ]
