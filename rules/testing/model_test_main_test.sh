#!/bin/bash
# End to end: model_test_main linked with the fake model must pass on right goldens, fail
# (exit 1) on a wrong one, and refuse bad flags (exit 2).
set -u
bin="$1"; x="$2"; y="$3"; count="$4"; bad_y="$5"
fail=0

"$bin" --inputs="$x" --goldens="$y,$count" --atol=1e-4 --rtol=1e-3 --threads=2 > out.txt
rc=$?
cat out.txt
[ $rc -eq 0 ] || { echo "expected exit 0 on right goldens, got $rc"; fail=1; }
grep -q '^PASS y (2, 3): max abs err 0' out.txt || { echo "missing PASS line for y"; fail=1; }

"$bin" --inputs="$x" --goldens="$bad_y,$count" > out.txt
rc=$?
cat out.txt
[ $rc -eq 1 ] || { echo "expected exit 1 on a wrong golden, got $rc"; fail=1; }
grep -q '^FAIL y (2, 3): max abs err 0.5, max rel err 0.0909091, mismatches 1/6' out.txt ||
  { echo "missing FAIL line for y"; fail=1; }

"$bin" --inputs="$x" --goldens="$y,$count" --instances=3 > out.txt
rc=$?
[ $rc -eq 0 ] || { echo "expected exit 0 with 3 instances, got $rc"; cat out.txt; fail=1; }
grep -q '^PASS 3 instances at once' out.txt || { echo "missing instances line"; fail=1; }
[ "$(grep -c '^PASS y (2, 3): max abs err 0' out.txt)" = 4 ] ||
  { echo "want 4 PASS lines for y (1 + 3 instances)"; cat out.txt; fail=1; }

"$bin" --inputs="$x" --goldens="$bad_y,$count" --instances=2 > out.txt
rc=$?
[ $rc -eq 1 ] || { echo "expected exit 1 on a wrong golden with 2 instances, got $rc"; fail=1; }
grep -q '^FAIL 2 instances at once' out.txt || { echo "missing FAIL instances line"; fail=1; }

"$bin" --inputs="$x" --goldens="$y,$count" --instances=0 2> err.txt
rc=$?
[ $rc -eq 2 ] || { echo "expected exit 2 on --instances=0, got $rc"; fail=1; }

"$bin" --inputs="$x" --goldens="$y,$count" --atol=abc 2> err.txt
rc=$?
[ $rc -eq 2 ] || { echo "expected exit 2 on a bad flag, got $rc"; fail=1; }
grep -q '^error: bad --atol: abc' err.txt || { echo "missing flag error"; cat err.txt; fail=1; }

"$bin" --inputs="$x" --golden=count="$count" > out.txt
rc=$?
[ $rc -eq 0 ] || { echo "expected exit 0 with a golden by name, got $rc"; cat out.txt; fail=1; }
grep -q "^NOT CHECKED output 0 ('y'): no golden given" out.txt ||
  { echo "missing NOT CHECKED line"; cat out.txt; fail=1; }

"$bin" --inputs="$x" --golden=y="$bad_y" --golden=count="$count" > out.txt
rc=$?
[ $rc -eq 1 ] || { echo "expected exit 1 on a wrong golden by name, got $rc"; fail=1; }

"$bin" --inputs="$x" --golden=y 2> err.txt
rc=$?
[ $rc -eq 2 ] || { echo "expected exit 2 on --golden without a file, got $rc"; fail=1; }

exit $fail
