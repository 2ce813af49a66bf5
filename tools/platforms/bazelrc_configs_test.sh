#!/usr/bin/env bash
# .bazelrc has a --config per target of targets.bzl, with that target's platform, output
# suffix, toolchain family and instruction-set flags, test lines running the tests in
# qemu as that target's CPU with longer timeouts (none for targets that run natively),
# and no config for a platform that targets.bzl lacks.
#   bazelrc_configs_test.sh <.bazelrc> "<name>|<cpu>|<copt>[,<copt>...]|<qemu cpu>" ...
set -u
rc="$1"
shift
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
names=()
for spec in "$@"; do
  IFS="|" read -r name cpu copts qemu_cpu <<<"$spec"
  names+=("$name")
  line=$(grep -E "^build:$name " "$rc")
  if [ -z "$line" ]; then fail "no 'build:$name' line"; continue; fi
  family=neo_x86_64
  [ "$cpu" = aarch64 ] && family=neo_aarch64
  for want in "--config=$family" "--platforms=//tools/platforms:$name" \
      "--platform_suffix=$name" ${copts//,/ }; do
    [ "$want" = "${want#--}" ] && want="--copt=$want"
    case " $line " in *" $want "*) ;; *) fail "build:$name lacks $want: $line" ;; esac
  done
  test_line=$(grep -E "^test:$name " "$rc")
  if [ -z "$qemu_cpu" ]; then
    [ -z "$test_line" ] || fail "$name runs natively, yet .bazelrc has: $test_line"
  else
    want="--run_under=\"@aarch64_sysroot//:qemu_$cpu -cpu $qemu_cpu\""
    run_line=$(grep -E "^test:$name --run_under=" "$rc")
    [ "$run_line" = "test:$name $want" ] || fail "want 'test:$name $want', have '$run_line'"
    grep -qE "^test:$name --test_timeout=" "$rc" || fail "test:$name has no --test_timeout"
  fi
done
while read -r config; do
  case " ${names[*]} " in *" $config "*) ;; *) fail "build:$config names a platform targets.bzl lacks" ;; esac
done < <(grep -oE '^build:[a-z0-9_]+ .*--platforms=//tools/platforms:' "$rc" | sed -E 's/^build:([a-z0-9_]+) .*/\1/')
if [ "$failures" != 0 ]; then exit 1; fi
echo "PASS: ${#names[@]} targets have their .bazelrc config"
