#!/bin/bash
# digits_graph_test.sh <neoc> <digits.tar.gz> <digits_net_graph.dot> <digits_benchmark>:
# the graph every neo_model_library writes renders with Graphviz and shows each compiled
# step with its kernel and backend and the tensors' arena offsets; fed the benchmark's
# real --profile, neoc colours the steps by their share of the run.
set -u
neoc="$1" model="$2" dot_file="$3" bench="$4"
tmp="${TEST_TMPDIR:-$(mktemp -d)}"
export XDG_CACHE_HOME="$tmp/cache"  # fontconfig's cache, for dot
fail=0
command -v dot >/dev/null || { echo "FAIL: dot not found (Debian's graphviz; run tools/setup)"; exit 1; }

if ! dot -Tsvg "$dot_file" >"$tmp/graph.svg" 2>"$tmp/dot.err"; then
  echo "FAIL: dot could not render $dot_file:"; cat "$tmp/dot.err"; fail=1
fi
for want in 'op1_conv2d' 'Conv2D 3x3/1 1&#45;&gt;16 8x8' '\[onednn\]' 'arena @' 'input image' \
            'output logits' 'FuseActivations'; do
  grep -q "$want" "$tmp/graph.svg" || { echo "FAIL: the SVG lacks '$want'"; fail=1; }
done
echo "rendered: $(grep -c '<g id="node' "$tmp/graph.svg") nodes, $(grep -c '<g id="edge' "$tmp/graph.svg") edges"

"$bench" --threads=1 --iters=30 --warmup=5 --profile >"$tmp/profile.txt" || { echo "FAIL: benchmark"; fail=1; }
grep ' ms ' "$tmp/profile.txt" | head -4
mkdir -p "$tmp/out"
"$neoc" --framework=onnx --model="$model" --data_shape='{"image":[1,1,8,8]}' --name=d \
  --output_dir="$tmp/out" --graph="$tmp/profiled.dot" --graph_profile="$tmp/profile.txt" ||
  { echo "FAIL: neoc --graph_profile"; fail=1; }
shares=$(grep -c 'of the run", fillcolor="0.000 ' "$tmp/profiled.dot")
top=$(grep -c 'fillcolor="0.000 1.000 1.000"' "$tmp/profiled.dot")
steps=$(grep -c ' ms .*%' "$tmp/profile.txt")
echo "profiled: $shares of $steps steps coloured, $top at the top share"
[ "$steps" -ge 5 ] && [ "$shares" = "$steps" ] || { echo "FAIL: want every profiled step coloured"; fail=1; }
[ "$top" -ge 1 ] || { echo "FAIL: no step at the largest share"; fail=1; }
dot -Tsvg "$tmp/profiled.dot" >/dev/null || { echo "FAIL: the profiled graph does not render"; fail=1; }

echo "profile" >"$tmp/empty.txt"
if "$neoc" --framework=onnx --model="$model" --data_shape='{"image":[1,1,8,8]}' --name=d \
    --output_dir="$tmp/out" --graph="$tmp/x.dot" --graph_profile="$tmp/empty.txt" 2>"$tmp/err"; then
  echo "FAIL: an empty profile was accepted"; fail=1
else
  echo "empty profile: $(cat "$tmp/err")"
fi
[ "$fail" = 0 ] && echo PASS
exit $fail
