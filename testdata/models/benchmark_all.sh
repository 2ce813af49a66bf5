#!/bin/bash
# Runs each model benchmark given on the command line with the arguments Bazel would
# give it (each benchmark binary knows its defaults only through `bazel run`, so they are
# repeated here), then prints a summary: ours/ORT per model and thread count, the
# geometric means, the worst model, and whether two threads were ever slower than one.
# A first argument --models_dir=DIR says where the <m>.tar.gz files are (default testdata).
# NEO_BENCH_ITERS sets the iterations (default 100), NEO_BENCH_THREADS the thread counts.
set -eu
models_dir=testdata
case "${1:-}" in --models_dir=*) models_dir="${1#--models_dir=}"; shift ;; esac
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for bench in "$@"; do
  m=$(basename "$bench" _benchmark)
  "$bench" --name="$m" --threads="${NEO_BENCH_THREADS:-1,2}" --iters="${NEO_BENCH_ITERS:-100}" \
    --ort_model="$models_dir/$m.tar.gz" --ort_script="tools/ort/ort_bench.js" | tee -a "$log"
done
echo
echo "summary ($(date -u +%Y-%m-%d), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(nproc) cores)"
awk '
  function value(key,   i) { for (i = 1; i <= NF; i++) if (index($i, key "=") == 1) return substr($i, length(key) + 2); return "" }
  $1 == "neo" { t = value("threads"); ours[$2, t] = value("median_ms"); allocs[$2, t] = value("allocations_per_run") }
  $1 == "ort" { ort[$2, value("threads")] = value("median_ms") }
  $1 == "ratio" {
    m = $2; t = value("threads"); r = value("ours_over_ort")
    if (!(m in seen)) { seen[m] = 1; order[++n] = m }
    ratio[m, t] = r; threads[t] = 1; diff[m, t] = value("max_abs_diff")
  }
  END {
    printf "%-22s %8s %8s %8s %8s %8s %8s %10s %7s\n", "model", "neo 1t", "ort 1t", "ratio 1t", "neo 2t", "ort 2t", "ratio 2t", "max |diff|", "allocs"
    for (i = 1; i <= n; i++) {
      m = order[i]
      printf "%-22s %8s %8s %8s %8s %8s %8s %10s %7s\n", m, ours[m, 1], ort[m, 1], ratio[m, 1], ours[m, 2], ort[m, 2], ratio[m, 2], diff[m, 1], allocs[m, 1]
      for (t in threads) { if ((m, t) in ratio) { logsum[t] += log(ratio[m, t]); count[t]++; if (ratio[m, t] + 0 > worst[t] + 0) { worst[t] = ratio[m, t]; worst_model[t] = m } } }
      if (((m, 1) in ours) && ((m, 2) in ours) && ours[m, 2] + 0 > ours[m, 1] + 0) slower = slower " " m
    }
    for (t in threads) printf "threads=%s geomean ours/ort=%.3f worst=%.3f (%s) over %d models\n", t, exp(logsum[t] / count[t]), worst[t], worst_model[t], count[t]
    print "two threads slower than one:" (slower == "" ? " none" : slower)
  }' "$log"
