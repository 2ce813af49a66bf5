#!/bin/sh
# Runs a Python test under Debian's python3, which is the one with torch, onnx and
# numpy (the first python3 on PATH may not be). Bazel's py_test would pick that
# other interpreter, hence this wrapper for sh_test.
export PYTHONDONTWRITEBYTECODE=1
exec /usr/bin/python3 "$@"
