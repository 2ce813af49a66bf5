#!/bin/bash
# Which MXNet cases would pass now? Prints one line per case and the flip command.
#
#   tools/mxnet/try_cases.sh [--neoc=PATH] [--all] [--no_run] [--write] [case...]
#
#   1. neoc on each todo case (named cases, or every case with --all):
#        model case: does it compile?   error case: exact first line and exit code?
#   2. (not with --no_run) the model cases neoc compiled are built as `pass` cases in a
#      temporary status and run in //testdata/mxnet:mx_test, one case at a time:
#        generated C++ compiles?  outputs match the goldens at atol 1e-4, rtol 1e-3?
#   3. status.txt and cases.bzl are put back, unless --write: then the cases that passed
#      step 2 (model) or step 1 (error) are flipped for good.
# See tools/conformance/try_suite_cases.sh.
exec "$(dirname "$0")/../conformance/try_suite_cases.sh" mxnet tools/mxnet/make_cases.py \
  testdata/mxnet mx MXNet "$@"
