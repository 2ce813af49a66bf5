#!/usr/bin/env node
// Runs a TensorFlow.js graph model on TensorFlow.js's pure-JavaScript CPU backend and
// writes its input and outputs as .npy: the goldens of a GraphDef that
// tfjs_to_graphdef.py made from the same model.
//
// Usage:
//   node tfjs_goldens.js --model_json age.json --io age_io.json --check_dir age_check
//        --data_shape '{"input_1":[1,64,64,3]}' --range 0,255 [--seed 1]
//        [--smooth 16] [--min_spread 0.01] [--min_argmax_gap 1e-3] [--out_report age.txt]
//        --out_input age_input.npy --out_golden age_golden_0.npy ...
//
// The input is seeded uniform noise in --range (integers for an int32 input), so the
// files are the same on every run. Outputs are fetched in the order of the io file
// (the GraphDef's outputs in graph order) and written in that order.
//
// Two checks make this more than a recording:
//   - the model rebuilt from the GraphDef alone (--check_dir, written by the converter)
//     must give the same outputs as the original model.json, so the Const values, the
//     attributes and every rewritten op are what TensorFlow.js computed with;
//   - every output must vary far more than a test's tolerance (--min_spread between
//     its smallest and largest element; a single value from a Sigmoid or Softmax must
//     stay within [0.01, 0.99], away from where errors upstream would vanish);
//   - every ArgMax must pick its maximum by a clear margin (the runner-up at least
//     --min_argmax_gap below it, relatively), or a compiler's rounding could pick
//     another index and move an output by a whole cell.
//
// TensorFlow.js comes from tools/setup, at $NEO_TFJS_DIR or ~/.cache/neo/tfjs; it is
// required by absolute path so this script needs no package.json of its own.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');

function fail(message) {
  process.stderr.write(`tfjs_goldens: ${message}\n`);
  process.exit(2);
}

function loadTfjs() {
  // $HOME first, then the account's home from the password database: Bazel may run
  // actions with HOME pointing elsewhere.
  const dirs = process.env.NEO_TFJS_DIR ? [process.env.NEO_TFJS_DIR]
    : [os.homedir(), os.userInfo().homedir].map((h) => path.join(h, '.cache', 'neo', 'tfjs'));
  const names = ['tfjs-core', 'tfjs-backend-cpu', 'tfjs-converter'];
  const dir = dirs.find((d) => names.every(
    (n) => fs.existsSync(path.join(d, 'node_modules', '@tensorflow', n, 'package.json'))));
  if (!dir) {
    fail(`TensorFlow.js (@tensorflow/${names.join(', ')}) not found under ` +
         `${dirs.map((d) => path.join(d, 'node_modules')).join(' or ')}; run tools/setup`);
  }
  const load = (n) => require(path.join(dir, 'node_modules', '@tensorflow', n));
  const tf = load('tfjs-core');
  load('tfjs-backend-cpu');  // registers the 'cpu' backend with this tfjs-core
  const converter = load('tfjs-converter');
  const version = (n) => JSON.parse(fs.readFileSync(
    path.join(dir, 'node_modules', '@tensorflow', n, 'package.json'))).version;
  return { tf, converter, versions: names.map((n) => `${n}@${version(n)}`) };
}

function parseArgs(argv) {
  const args = { seed: 1, minSpread: 0.01, minArgmaxGap: 1e-3, goldens: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) fail(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--model_json') args.modelJson = value();
    else if (a === '--io') args.io = value();
    else if (a === '--check_dir') args.checkDir = value();
    else if (a === '--data_shape') args.dataShape = JSON.parse(value());
    else if (a === '--range') args.range = value().split(',').map(Number);
    else if (a === '--seed') args.seed = Number(value());
    else if (a === '--smooth') args.smooth = Number(value());
    else if (a === '--min_spread') args.minSpread = Number(value());
    else if (a === '--min_argmax_gap') args.minArgmaxGap = Number(value());
    else if (a === '--out_input') args.outInput = value();
    else if (a === '--out_report') args.outReport = value();
    else if (a === '--out_golden') args.goldens.push(value());
    else fail(`unknown argument ${a}`);
  }
  for (const k of ['modelJson', 'io', 'dataShape', 'range', 'outInput']) {
    if (args[k] === undefined) fail(`--${k.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase())} is required`);
  }
  if (args.range.length !== 2 || !(args.range[0] < args.range[1])) fail('--range is lo,hi');
  return args;
}

// A graph model's artifacts from its model.json and shards, read the way the http and
// file handlers do: every group's shards concatenated in manifest order.
function readArtifacts(modelJson) {
  const model = JSON.parse(fs.readFileSync(modelJson, 'utf8'));
  const dir = path.dirname(modelJson);
  const specs = [];
  const buffers = [];
  for (const group of model.weightsManifest || []) {
    specs.push(...group.weights);
    for (const p of group.paths) buffers.push(fs.readFileSync(path.join(dir, p)));
  }
  const all = Buffer.concat(buffers);
  return {
    modelTopology: model.modelTopology,
    format: model.format,
    generatedBy: model.generatedBy,
    convertedBy: model.convertedBy,
    signature: model.signature,
    userDefinedMetadata: model.userDefinedMetadata,
    weightSpecs: specs,
    weightData: all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength),
  };
}

// SplitMix32-style generator: a 32-bit counter through an integer hash. Any fixed
// generator would do; this one is short enough to be obviously deterministic.
function makeRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

// Uniform noise, or with --smooth N a coarse grid of uniform values one per N x N
// pixels (per channel), interpolated bilinearly: image-like blobs and gradients, where
// uniform noise leaves some models (segmentation) with nothing to find.
function makeInput(dtype, shape, range, seed, smooth) {
  const count = shape.reduce((a, b) => a * b, 1);
  const next = makeRandom(seed);
  const [lo, hi] = range;
  if (smooth) {
    if (shape.length !== 4) fail('--smooth needs an NHWC input');
    const [n, h, w, c] = shape;
    const gh = Math.ceil((h - 1) / smooth) + 1;
    const gw = Math.ceil((w - 1) / smooth) + 1;
    const grid = new Float64Array(n * gh * gw * c).map(() => (next() >>> 8) / 16777216);
    const at = (b, y, x, ch) => grid[((b * gh + y) * gw + x) * c + ch];
    const ints = dtype === 'DT_INT32';
    if (!ints && dtype !== 'DT_FLOAT') fail(`input dtype ${dtype} is not supported`);
    const out = ints ? new Int32Array(count) : new Float32Array(count);
    for (let b = 0; b < n; b++) {
      for (let y = 0; y < h; y++) {
        const gy = Math.floor(y / smooth); const fy = (y % smooth) / smooth;
        for (let x = 0; x < w; x++) {
          const gx = Math.floor(x / smooth); const fx = (x % smooth) / smooth;
          for (let ch = 0; ch < c; ch++) {
            const top = at(b, gy, gx, ch) * (1 - fx) + at(b, gy, gx + 1, ch) * fx;
            const bottom = at(b, gy + 1, gx, ch) * (1 - fx) + at(b, gy + 1, gx + 1, ch) * fx;
            const t = top * (1 - fy) + bottom * fy;
            out[((b * h + y) * w + x) * c + ch] =
                ints ? Math.min(hi, lo + Math.floor((hi - lo + 1) * t)) : lo + (hi - lo) * t;
          }
        }
      }
    }
    return out;
  }
  if (dtype === 'DT_INT32') {
    const span = hi - lo + 1;
    const out = new Int32Array(count);
    for (let i = 0; i < count; i++) out[i] = lo + (next() % span);
    return out;
  }
  if (dtype !== 'DT_FLOAT') fail(`input dtype ${dtype} is not supported`);
  const out = new Float32Array(count);
  // 24 random bits: every u is exactly representable in float32.
  for (let i = 0; i < count; i++) out[i] = lo + (hi - lo) * ((next() >>> 8) / 16777216);
  return out;
}

// .npy version 1.0, little-endian, C order; the header padded to a multiple of 64
// bytes as numpy writes it.
function writeNpy(file, data, shape) {
  const descr = data instanceof Float32Array ? '<f4' : data instanceof Int32Array ? '<i4' : null;
  if (!descr) fail(`cannot write ${data.constructor.name} to ${file}`);
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(', ');
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${dims}), }`;
  const unpadded = 10 + header.length + 1;
  header += ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const prefix = Buffer.alloc(10);
  Buffer.from('\x93NUMPY', 'latin1').copy(prefix, 0);
  prefix[6] = 1;
  prefix[7] = 0;
  prefix.writeUInt16LE(header.length, 8);
  fs.writeFileSync(file, Buffer.concat([
    prefix, Buffer.from(header, 'latin1'),
    Buffer.from(data.buffer, data.byteOffset, data.byteLength)]));
}

function stats(data) {
  let min = Infinity; let max = -Infinity; let sum = 0;
  for (const v of data) {
    if (!Number.isFinite(v)) return null;
    min = Math.min(min, v); max = Math.max(max, v); sum += v;
  }
  const mean = sum / data.length;
  let sq = 0;
  for (const v of data) sq += (v - mean) * (v - mean);
  return { min, max, mean, std: Math.sqrt(sq / data.length) };
}

// For every ArgMax in the graph, the smallest gap, over its slices, between the largest
// value and the next largest, relative to the largest.
async function argmaxGaps(converter, artifacts, feed) {
  const nodes = artifacts.modelTopology.node.filter((n) => n.op === 'ArgMax');
  if (!nodes.length) return [];
  const model = await converter.loadGraphModel({ load: async () => artifacts });
  const gaps = [];
  for (const node of nodes) {
    const [x, axisTensor] = [].concat(model.execute(feed, node.input.slice(0, 2)));
    const values = await x.data();
    let axis = (await axisTensor.data())[0];
    const shape = x.shape;
    if (axis < 0) axis += shape.length;
    const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
    const outer = shape.slice(0, axis).reduce((a, b) => a * b, 1);
    const n = shape[axis];
    let gap = Infinity;
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) {
        let first = -Infinity; let second = -Infinity;
        for (let k = 0; k < n; k++) {
          const v = values[(o * n + k) * inner + i];
          if (v > first) { second = first; first = v; } else if (v > second) second = v;
        }
        gap = Math.min(gap, (first - second) / Math.abs(first));
      }
    }
    gaps.push({ name: node.name, axis, shape, gap });
    // The axis is the model's own Const tensor: disposing it would break the model.
    x.dispose();
  }
  model.dispose();
  return gaps;
}

// The op that computes a node's values, looking through ops that only move them.
function producer(topology, name) {
  const nodes = new Map(topology.node.map((n) => [n.name, n]));
  const moves = new Set(['Identity', 'Reshape', 'Squeeze', 'ExpandDims']);
  let node = nodes.get(name);
  while (node && moves.has(node.op)) node = nodes.get(node.input[0].split(':')[0]);
  return node ? node.op : null;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const { tf, converter, versions } = loadTfjs();
  await tf.setBackend('cpu');
  await tf.ready();
  if (tf.getBackend() !== 'cpu') fail(`backend is ${tf.getBackend()}, not cpu`);

  const io = JSON.parse(fs.readFileSync(args.io, 'utf8'));
  if (io.inputs.length !== 1) fail(`${io.inputs.length} inputs; one is supported`);
  const input = io.inputs[0];
  const shape = args.dataShape[input.name];
  if (!shape || Object.keys(args.dataShape).length !== 1) {
    fail(`--data_shape must name the one input, ${input.name}`);
  }
  if (input.shape && (input.shape.length !== shape.length ||
      input.shape.some((d, i) => d !== -1 && d !== shape[i]))) {
    fail(`data shape [${shape}] does not fit the placeholder's [${input.shape}]`);
  }
  const outputs = io.outputs.map((o) => o.name);
  if (args.goldens.length !== outputs.length) {
    fail(`${outputs.length} outputs (${outputs.join(', ')}), ${args.goldens.length} --out_golden`);
  }

  const data = makeInput(input.dtype, shape, args.range, args.seed, args.smooth);
  const feed = tf.tensor(data, shape, input.dtype === 'DT_INT32' ? 'int32' : 'float32');

  const artifacts = readArtifacts(args.modelJson);
  const run = async (arts) => {
    const model = await converter.loadGraphModel({ load: async () => arts });
    // One fetch comes back as a Tensor, several as an array.
    const results = [].concat(model.execute({ [input.name]: feed }, outputs));
    const values = [];
    for (const t of results) values.push({ data: await t.data(), shape: t.shape, dtype: t.dtype });
    tf.dispose(results);
    model.dispose();
    return values;
  };
  const golden = await run(artifacts);
  const gaps = await argmaxGaps(converter, artifacts, { [input.name]: feed });

  const lines = [`tfjs_goldens: ${path.basename(args.modelJson)} on ${versions.join(', ')}, ` +
                 `backend ${tf.getBackend()}; input ${input.name} [${shape}] ` +
                 `${input.dtype} ${args.smooth ? `smooth (grid ${args.smooth})` : 'uniform'} in ` +
                 `[${args.range}] seed ${args.seed}`];
  let ok = true;
  if (args.checkDir) {
    const check = await run(readArtifacts(path.join(args.checkDir, 'model.json')));
    for (let k = 0; k < outputs.length; k++) {
      let diff = 0;
      const a = golden[k].data; const b = check[k].data;
      if (a.length !== b.length) fail(`${outputs[k]}: GraphDef gives ${b.length} values, model ${a.length}`);
      for (let i = 0; i < a.length; i++) diff = Math.max(diff, Math.abs(a[i] - b[i]));
      // Same kernels in the same order: anything but equality means the GraphDef
      // computes something else.
      lines.push(`  ${outputs[k]}: GraphDef rebuilt for TensorFlow.js vs model.json, ` +
                 `max abs diff ${diff}`);
      if (!(diff === 0)) ok = false;
    }
  }
  for (const g of gaps) {
    const gapOk = g.gap >= args.minArgmaxGap;
    lines.push(`  ${g.name} (ArgMax over axis ${g.axis} of [${g.shape}]): the runner-up is at ` +
               `least ${(100 * g.gap).toPrecision(3)}% below the maximum` +
               `${gapOk ? '' : '  <- too close to a tie'}`);
    if (!gapOk) ok = false;
  }
  for (let k = 0; k < outputs.length; k++) {
    const { data: values, shape: outShape, dtype } = golden[k];
    const s = stats(values);
    if (!s) {
      lines.push(`  ${outputs[k]}: non-finite values`);
      ok = false;
      continue;
    }
    const op = producer(artifacts.modelTopology, outputs[k]);
    let spreadOk;
    if (values.length > 1) {
      spreadOk = s.max - s.min >= args.minSpread;
    } else if (op === 'Sigmoid' || op === 'Softmax') {
      spreadOk = s.min > 1e-2 && s.min < 1 - 1e-2;
    } else {
      spreadOk = true;
    }
    lines.push(`  ${outputs[k]} (${op}) [${outShape}] ${dtype}: min ${s.min.toPrecision(6)} ` +
               `max ${s.max.toPrecision(6)} mean ${s.mean.toPrecision(6)} ` +
               `std ${s.std.toPrecision(6)}${spreadOk ? '' : '  <- too little spread'}`);
    if (!spreadOk) ok = false;
  }
  process.stdout.write(lines.join('\n') + '\n');
  if (!ok) fail('refusing to write goldens (see above)');

  writeNpy(args.outInput, data, shape);
  if (args.outReport) fs.writeFileSync(args.outReport, lines.join('\n') + '\n');
  for (let k = 0; k < outputs.length; k++) {
    const { data: values, shape: outShape, dtype } = golden[k];
    writeNpy(args.goldens[k], dtype === 'int32' ? Int32Array.from(values) : Float32Array.from(values),
             outShape);
  }
}

main().catch((e) => fail(e.stack || String(e)));
