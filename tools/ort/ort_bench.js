#!/usr/bin/env node
// Measures ONNX Runtime's latency on a model, the reference our generated code is
// compared against, and optionally checks ORT's output against a .npy golden
// (an independent check of the goldens PyTorch wrote).
//
// Usage:
//   node tools/ort/ort_bench.js model.onnx|model.tar.gz [--threads 1,2] [--iters 50]
//        [--warmup 10] [--shape '{"data":[1,3,224,224]}']
//        [--check input.npy golden.npy [--atol 1e-4]]
//
// Prints one line per thread count:   ort <model> threads=N median_ms=X
// and with --check:                    ort <model> check max_abs_diff=X ... ok|FAIL
// (exit status 1 on FAIL).
//
//   node tools/ort/ort_bench.js model.onnx|model.tar.gz --profile [--threads N] [--iters 50]
// runs ORT's own profiler and prints, per node, the median of its kernel times over the
// timed runs, slowest first:   ort_node <node> <op> median_us=X
// and last:                    ort_node total median_us=X   (the sum of the medians)
// to set beside our benchmarks' --profile.
//
//   node tools/ort/ort_bench.js model.onnx|model.tar.gz --serve
// answers commands on stdin, one per line, so that a benchmark can alternate its own
// runs with ORT's on the same input (rules/testing/benchmark_main.cc):
//   session THREADS IN0.npy [IN1.npy ...]  -> "ready"   (inputs in the model's order)
//   run                                    -> "ms=X"    (one timed inference)
//   compare OUT0.npy                       -> "max_abs_diff=X max_abs=Y" (output 0)
//   rss                                    -> "rss_mb=X" (this process's peak resident MB)
//
// onnxruntime-node comes from tools/setup, at $NEO_ORT_DIR or
// ~/.cache/neo/onnxruntime-node; it is required by absolute path so this script
// needs no package.json of its own.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const zlib = require('zlib');

function loadOrt() {
  // $HOME first, then the account's home from the password database: Bazel runs
  // tests with HOME pointing into the sandbox.
  const dirs = process.env.NEO_ORT_DIR ? [process.env.NEO_ORT_DIR]
    : [os.homedir(), os.userInfo().homedir].map((h) => path.join(h, '.cache', 'neo', 'onnxruntime-node'));
  const pkgs = dirs.map((d) => path.join(d, 'node_modules', 'onnxruntime-node'));
  const pkg = pkgs.find((p) => fs.existsSync(path.join(p, 'package.json')));
  if (!pkg) fail(`onnxruntime-node not found at ${pkgs.join(' or ')}; run tools/setup`);
  return require(pkg);
}

function fail(message) {
  process.stderr.write(`ort_bench: ${message}\n`);
  process.exit(2);
}

function parseArgs(argv) {
  const args = { model: null, threads: [1], iters: 50, warmup: 10, shape: null, check: null, atol: 1e-4 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) fail(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--threads') args.threads = value().split(',').map(Number);
    else if (a === '--iters') args.iters = Number(value());
    else if (a === '--warmup') args.warmup = Number(value());
    else if (a === '--shape') args.shape = JSON.parse(value());
    else if (a === '--atol') args.atol = Number(value());
    else if (a === '--check') args.check = [value(), value()];
    else if (a === '--serve') args.serve = true;
    else if (a === '--profile') args.profile = true;
    else if (a.startsWith('--')) fail(`unknown flag ${a}`);
    else if (args.model === null) args.model = a;
    else fail(`unexpected argument ${a}`);
  }
  if (args.model === null) fail('usage: ort_bench.js model.onnx|model.tar.gz [--threads 1,2] [--iters 50]');
  if (args.threads.some((n) => !(n >= 1)) || !(args.iters >= 1)) fail('--threads and --iters must be positive');
  return args;
}

// A .tar.gz's single .onnx member, read in memory. Handles the ustar prefix field
// and GNU long names ('L' records), which is all tools/testdata writes.
function onnxFromTarGz(file) {
  const tar = zlib.gunzipSync(fs.readFileSync(file));
  const found = [];
  let longName = null;
  for (let off = 0; off + 512 <= tar.length;) {
    const header = tar.subarray(off, off + 512);
    if (header.every((b) => b === 0)) break;
    const field = (start, len) => header.subarray(start, start + len).toString('latin1').replace(/\0.*$/s, '');
    const size = parseInt(field(124, 12).trim() || '0', 8);
    const type = field(156, 1) || '0';
    const prefix = field(257, 6).startsWith('ustar') ? field(345, 155) : '';
    let name = longName !== null ? longName : (prefix ? `${prefix}/${field(0, 100)}` : field(0, 100));
    const body = tar.subarray(off + 512, off + 512 + size);
    longName = null;
    if (type === 'L') longName = body.toString('latin1').replace(/\0.*$/s, '');
    else if ((type === '0' || type === '7') && name.endsWith('.onnx')) found.push({ name, body });
    off += 512 + Math.ceil(size / 512) * 512;
  }
  if (found.length !== 1) fail(`${file}: expected exactly one .onnx member, found ${found.length}`);
  return new Uint8Array(found[0].body);
}

// Minimal .npy reader for little-endian float32/int64, C order.
function readNpy(file) {
  const buf = fs.readFileSync(file);
  if (buf.subarray(0, 6).toString('latin1') !== '\x93NUMPY') fail(`${file}: not a .npy file`);
  const major = buf[6];
  const headerLen = major === 1 ? buf.readUInt16LE(8) : buf.readUInt32LE(8);
  const start = major === 1 ? 10 : 12;
  const header = buf.subarray(start, start + headerLen).toString('latin1');
  const descr = /'descr':\s*'([^']+)'/.exec(header)[1];
  if (/'fortran_order':\s*True/.test(header)) fail(`${file}: Fortran order is not supported`);
  const shape = /'shape':\s*\(([^)]*)\)/.exec(header)[1].split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  const data = buf.subarray(start + headerLen);
  const copy = new Uint8Array(data).buffer;  // aligned copy
  if (descr === '<f4') return { type: 'float32', shape, data: new Float32Array(copy) };
  if (descr === '<i8') return { type: 'int64', shape, data: new BigInt64Array(copy) };
  fail(`${file}: dtype ${descr} is not supported`);
}

// Deterministic standard-normal numbers (mulberry32 + Box-Muller), so runs compare.
function normalSource(seed) {
  let s = seed >>> 0;
  const uniform = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}

function randomFeeds(ort, session, shapes) {
  const next = normalSource(1);
  const feeds = {};
  session.inputMetadata.forEach((meta) => {
    let shape = shapes && shapes[meta.name];
    if (!shape) {
      if (!meta.isTensor || meta.shape.some((d) => typeof d !== 'number' || d < 0)) {
        fail(`input ${meta.name} has no static shape; pass --shape '{"${meta.name}":[...]}'`);
      }
      shape = meta.shape.slice();
    }
    const n = shape.reduce((a, b) => a * b, 1);
    if (meta.type === 'int64') {
      // Token ids in [1, 100), valid for any vocabulary of 100 or more.
      const ids = new BigInt64Array(n);
      for (let i = 0; i < n; i++) ids[i] = BigInt(1 + Math.min(98, Math.floor(Math.abs(next()) * 33)));
      feeds[meta.name] = new ort.Tensor('int64', ids, shape);
      return;
    }
    if (meta.type !== 'float32') fail(`input ${meta.name} is ${meta.type}; only float32 and int64 inputs are generated`);
    const data = new Float32Array(n);
    for (let i = 0; i < n; i++) data[i] = next();
    feeds[meta.name] = new ort.Tensor('float32', data, shape);
  });
  return feeds;
}

function median(values) {
  const v = values.slice().sort((a, b) => a - b);
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

async function createSession(ort, model, threads) {
  return ort.InferenceSession.create(model, {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
  });
}

async function check(ort, name, model, args) {
  const session = await createSession(ort, model, args.threads[0]);
  const input = readNpy(args.check[0]);
  const golden = readNpy(args.check[1]);
  const feeds = { [session.inputNames[0]]: new ort.Tensor(input.type, input.data, input.shape) };
  const out = (await session.run(feeds))[session.outputNames[0]];
  if (out.data.length !== golden.data.length) {
    fail(`output has ${out.data.length} elements, golden ${golden.data.length}`);
  }
  let maxAbs = 0;
  let maxGolden = 0;
  for (let i = 0; i < out.data.length; i++) {
    maxAbs = Math.max(maxAbs, Math.abs(out.data[i] - golden.data[i]));
    maxGolden = Math.max(maxGolden, Math.abs(golden.data[i]));
  }
  const ok = maxAbs <= args.atol;
  console.log(`ort ${name} check max_abs_diff=${maxAbs.toExponential(3)} max_abs_golden=${maxGolden.toFixed(4)} ` +
              `atol=${args.atol} ${ok ? 'ok' : 'FAIL'}`);
  return ok;
}

function peakRssMb() {
  const status = fs.readFileSync('/proc/self/status', 'latin1');
  const m = /VmHWM:\s*(\d+)\s*kB/.exec(status);
  return m ? Number(m[1]) / 1024 : process.resourceUsage().maxRSS / 1024;
}

async function serve(ort, model) {
  let session = null;
  let feeds = null;
  const readline = require('readline');
  const lines = readline.createInterface({ input: process.stdin, terminal: false });
  const reply = (s) => process.stdout.write(s + '\n');
  for await (const line of lines) {
    const [cmd, ...rest] = line.trim().split(/\s+/);
    if (cmd === 'session') {
      if (session) await session.release();
      session = await createSession(ort, model, Number(rest[0]));
      feeds = {};
      session.inputNames.forEach((name, i) => {
        if (i + 1 >= rest.length) fail(`session: no .npy for input ${name}`);
        const a = readNpy(rest[i + 1]);
        feeds[name] = new ort.Tensor(a.type, a.data, a.shape);
      });
      reply('ready');
    } else if (cmd === 'run') {
      const t0 = process.hrtime.bigint();
      await session.run(feeds);
      reply(`ms=${(Number(process.hrtime.bigint() - t0) / 1e6).toFixed(4)}`);
    } else if (cmd === 'compare') {
      const ours = readNpy(rest[0]);
      const out = (await session.run(feeds))[session.outputNames[0]];
      if (out.data.length !== ours.data.length) {
        reply(`size_mismatch ort=${out.data.length} ours=${ours.data.length}`);
        continue;
      }
      let maxAbs = 0;
      let maxRef = 0;
      for (let i = 0; i < out.data.length; i++) {
        maxAbs = Math.max(maxAbs, Math.abs(Number(out.data[i]) - Number(ours.data[i])));
        maxRef = Math.max(maxRef, Math.abs(Number(out.data[i])));
      }
      reply(`max_abs_diff=${maxAbs.toExponential(3)} max_abs=${maxRef.toFixed(4)}`);
    } else if (cmd === 'rss') {
      reply(`rss_mb=${peakRssMb().toFixed(1)}`);
    } else if (cmd) {
      fail(`unknown command ${cmd}`);
    }
  }
  if (session) await session.release();
}

// ORT's per-node kernel times over args.iters runs after args.warmup (its profile file
// goes to the system's temporary folder and is removed).
async function profile(ort, name, model, args) {
  const prefix = path.join(os.tmpdir(), `ort_profile_${process.pid}`);
  const session = await ort.InferenceSession.create(model, {
    intraOpNumThreads: args.threads[0],
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
    enableProfiling: true,
    profileFilePrefix: prefix,
  });
  const feeds = randomFeeds(ort, session, args.shape);
  for (let i = 0; i < args.warmup + args.iters; i++) await session.run(feeds);
  session.endProfiling();
  const dir = path.dirname(prefix);
  const file = fs.readdirSync(dir).find((f) => f.startsWith(path.basename(prefix)) && f.endsWith('.json'));
  if (!file) fail('ORT wrote no profile');
  const events = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
  fs.unlinkSync(path.join(dir, file));
  const times = new Map();  // node -> {op, durations}
  for (const e of events) {
    if (e.cat !== 'Node' || !e.name.endsWith('_kernel_time')) continue;
    const node = e.name.slice(0, -'_kernel_time'.length);
    if (!times.has(node)) times.set(node, { op: (e.args && e.args.op_name) || '?', durations: [] });
    times.get(node).durations.push(e.dur);
  }
  const rows = [...times].map(([node, t]) => [node, t.op, median(t.durations.slice(args.warmup))]);
  rows.sort((a, b) => b[2] - a[2]);
  let total = 0;
  for (const [node, op, us] of rows) {
    console.log(`ort_node ${node} ${op} median_us=${us.toFixed(1)}`);
    total += us;
  }
  console.log(`ort_node total median_us=${total.toFixed(1)} (${name}, ${args.threads[0]} threads)`);
  await session.release();
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const ort = loadOrt();
  const name = path.basename(args.model).replace(/\.tar\.gz$|\.tgz$|\.onnx$/, '');
  const model = /\.(tar\.gz|tgz)$/.test(args.model) ? onnxFromTarGz(args.model) : args.model;
  if (args.serve) return serve(ort, model);
  if (args.profile) return profile(ort, name, model, args);

  for (const threads of args.threads) {
    const session = await createSession(ort, model, threads);
    const feeds = randomFeeds(ort, session, args.shape);
    for (let i = 0; i < args.warmup; i++) await session.run(feeds);
    const times = [];
    for (let i = 0; i < args.iters; i++) {
      const t0 = process.hrtime.bigint();
      await session.run(feeds);
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    console.log(`ort ${name} threads=${threads} median_ms=${median(times).toFixed(3)}`);
    await session.release();
  }
  if (args.check && !(await check(ort, name, model, args))) process.exit(1);
}

main().catch((e) => fail(e && e.stack ? e.stack : String(e)));
