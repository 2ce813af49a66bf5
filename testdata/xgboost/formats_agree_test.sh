#!/bin/bash
# formats_agree_test.sh <files from the binary model> -- <files from the JSON model>
# Each pair of generated files must be identical once the banner's lines that name the
# source tarball (the first, and the header's SHA-256 line) and the names (files, include
# guard, class) are set aside.
set -euo pipefail
# "x_json" -> "x" in file names, "X_JSON_H_" -> "X_H_" in the guard, "XJson" -> "X".
normalize() {
  tail -n +2 "$1" | grep -v '^// Model file SHA-256: ' |
    sed -E 's/_json//g; s/_JSON_/_/g; s/([a-z0-9])Json\b/\1/g'
}
a=()
while [ "$1" != "--" ]; do a+=("$1"); shift; done
shift
b=("$@")
[ "${#a[@]}" = "${#b[@]}" ] || { echo "FAIL: ${#a[@]} files vs ${#b[@]}"; exit 1; }
[ "${#a[@]}" -gt 0 ] || { echo "FAIL: no files"; exit 1; }
for f in "${a[@]}" "${b[@]}"; do
  [ -s "$f" ] || { echo "FAIL: $f is missing or empty"; exit 1; }
done
for i in "${!a[@]}"; do
  if ! diff <(normalize "${a[$i]}") <(normalize "${b[$i]}") >/dev/null; then
    echo "FAIL: ${a[$i]} and ${b[$i]} differ:"
    diff <(tail -n +2 "${a[$i]}") <(tail -n +2 "${b[$i]}") | head -20
    exit 1
  fi
done
echo "PASS: ${#a[@]} generated files identical"
