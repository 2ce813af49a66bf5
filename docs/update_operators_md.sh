#!/bin/bash
# bazel run //docs:update_operators_md: copies the generated table over docs/operators.md.
set -euo pipefail
src="$1"
dest="${BUILD_WORKSPACE_DIRECTORY:?run me with bazel run}/docs/operators.md"
cp "$src" "$dest"
chmod 644 "$dest"
echo "wrote $dest"
