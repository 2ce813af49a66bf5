#!/bin/bash
# formats_agree_test.sh <files from the binary model> -- <files from the JSON model>
# Each pair of generated files must be identical once the first (banner) line, which
# names the source tarball, and the file names are set aside.
set -euo pipefail
a=()
while [ "$1" != "--" ]; do a+=("$1"); shift; done
shift
b=("$@")
[ "${#a[@]}" = "${#b[@]}" ] || { echo "FAIL: ${#a[@]} files vs ${#b[@]}"; exit 1; }
for i in "${!a[@]}"; do
  if ! diff <(tail -n +2 "${a[$i]}" | sed 's/_json//g') <(tail -n +2 "${b[$i]}" | sed 's/_json//g') >/dev/null; then
    echo "FAIL: ${a[$i]} and ${b[$i]} differ:"
    diff <(tail -n +2 "${a[$i]}") <(tail -n +2 "${b[$i]}") | head -20
    exit 1
  fi
done
echo "PASS: ${#a[@]} generated files identical"
