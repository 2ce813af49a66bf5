#!/bin/bash
# Which TensorFlow cases would pass now? Prints one line per case and the flip command.
#
#   tools/tensorflow/try_cases.sh [--neoc=PATH] [--all] [--no_run] [--write] [case...]
#
# See tools/conformance/try_suite_cases.sh for the steps and flags.
exec "$(dirname "$0")/../conformance/try_suite_cases.sh" tensorflow tools/tensorflow/make_cases.py \
  testdata/tensorflow tf TensorFlow "$@"
