#!/bin/bash
# Runs a program built for another CPU on this machine, under Debian's qemu-user: the
# --run_under of `bazel test --config=<target>` (see .bazelrc). Generated per machine by
# third_party/repositories.bzl from tools/platforms/emulate.sh.tpl.
#
#   emulate [-cpu CPU] PROGRAM [ARGS...]
#
# An ELF program runs in the emulator. Anything else (a test's shell script, which runs on
# this machine) runs as it is, with NEO_TARGET_EMULATOR naming this script and the CPU,
# for the script to run the target's binaries with: $NEO_TARGET_EMULATOR ./app args.
set -u
cpu=%{default_cpu}
if [ "${1:-}" = -cpu ]; then cpu=$2; shift 2; fi
if [ $# = 0 ]; then echo "usage: $0 [-cpu CPU] PROGRAM [ARGS...]" >&2; exit 2; fi
if [ "$(head -c 4 "$1" 2>/dev/null | od -An -tx1 | tr -d ' \n')" = 7f454c46 ]; then
  exec %{qemu} -cpu "$cpu" %{qemu_args} "$@"
fi
self=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")
export NEO_TARGET_EMULATOR="$self -cpu $cpu"
exec "$@"
