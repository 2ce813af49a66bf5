#!/bin/bash
# bazel run //docs:update_docs: copies each generated doc over its checked-in copy.
#   update_docs.sh <generated X.md.generated> ...
set -euo pipefail
for src in "$@"; do
  name=$(basename "$src" .generated)
  dest="${BUILD_WORKSPACE_DIRECTORY:?run me with bazel run}/docs/$name"
  cp "$src" "$dest"
  chmod 644 "$dest"
  echo "wrote $dest"
done
