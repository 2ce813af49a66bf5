"""MXNet test models for neoc's MXNet frontend, with goldens from numpy/PyTorch.

Every case is an MXNet symbol JSON and .params file written by mxnet_format (no MXNet
involved), in a Neo tarball holding exactly one <prefix>-symbol.json and one
<prefix>-0000.params, plus .npy inputs and goldens computed by mx_reference (MXNet
1.9.1's semantics) or by PyTorch modules holding the same weights (the networks), and
multibox_reference for the SSD. Error cases are models neoc must reject with an exact Neo
line and exit code.

Subcommands (as tools/tensorflow/make_cases.py):
  emit       writes <case>.tar.gz, <case>_in<i>.npy, <case>_out<i>.npy and errors.tsv
             (case, exit code, data shape, expected first stderr line) into --out_dir;
             run by the genrule of //testdata/mxnet.
  write_bzl  rewrites testdata/mxnet/cases.bzl from the inventory and status.txt
             (status.txt too: new cases get `todo`, vanished ones are dropped).
  check      fails (printing the command) when write_bzl would change anything.
  flip       flip <status> <case>...: sets those cases' status and rewrites cases.bzl.
  list       one line per case: name, kind, status, data shape (for try_cases.sh).
  inventory  how many cases use each MXNet operator, and each file format; fails when an
             operator of the spec's MXNet column or a format combination lacks cases.

Case names are <operator>_<variant>, the operator spelled as MXNet does without leading
underscores or "_contrib_"; where two spellings differ only in case (Concat/concat,
Reshape/reshape, Flatten/flatten, Cast/cast) the CamelCase one's cases end in "_camel",
so no two names differ only in case. Whole networks are net_<name>, the format matrix
format_<generation>_<layout>_<naming>_<dtype>. See docs/mxnet-cases.md.
"""

import argparse
import hashlib
import json
import os
import sys
import zlib

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(REPO, "tools", "conformance"))

import case_status  # noqa: E402  (tools/conformance/case_status.py)
import mx_reference as ref  # noqa: E402
import mxnet_format as mxf  # noqa: E402

DEFAULT_SPEC = os.path.join(REPO, "testdata", "spec", "seed_operators.tsv")
DEFAULT_BZL = os.path.join(REPO, "testdata", "mxnet", "cases.bzl")
DEFAULT_STATUS = os.path.join(REPO, "testdata", "mxnet", "status.txt")

# The suite compares at these; every golden must vary far more than ATOL.
ATOL = 1e-4
RTOL = 1e-3
MIN_SPREAD = 100 * ATOL
SPEC_COUNT = 76

# Every generation x layout x naming combination must appear in at least this many cases.
MIN_PER_FORMAT = 3
FORMATS = [(gen, layout, prefixed) for gen in mxf.GENERATIONS for layout in mxf.LAYOUTS
           for prefixed in (True, False)]


def h32(s):
    return zlib.crc32(s.encode())


def default_format(name):
    """(generation, params layout, prefixed names) picked from the case name."""
    return FORMATS[h32("format:" + name) % len(FORMATS)]


def default_param_dtype(name):
    """float16 for one case in 10, float64 for one in 10, else float32 (from the name)."""
    k = h32("dtype:" + name) % 10
    return "float16" if k == 0 else "float64" if k == 1 else "float32"


class Net(object):
    """A symbol under construction with its inputs, parameters and auxiliary states."""

    def __init__(self, rng, param_dtype):
        self.g = mxf.Symbol()
        self.rng = rng
        self.param_dtype = param_dtype
        self.inputs = []   # (name, array)
        self.arg = {}
        self.aux = {}

    def data(self, shape=(1, 3, 6, 7), scale=1.0, name="data", value=None):
        """An input: a variable with a data shape entry. Returns (entry, array)."""
        a = value if value is not None else normal(self.rng, shape, scale)
        self.inputs.append((name, a))
        return self.g.var(name), a

    def label(self, name):
        """A label variable (SoftmaxOutput and friends): in the symbol, neither a
        parameter nor in the data shape, as exported models have it."""
        return self.g.var(name)

    def _stored(self, a):
        # float16 params: the model holds the rounded values; so must the golden (the
        # caller's array is rounded in place before it computes anything from it).
        a = np.asarray(a)
        if self.param_dtype == "float16" and a.dtype == np.float32:
            np.copyto(a, a.astype(np.float16).astype(np.float32))
        return a

    def param(self, name, a):
        self.arg[name] = self._stored(a)
        return self.g.var(name)

    def aux_state(self, name, a):
        self.aux[name] = self._stored(a)
        return self.g.var(name)

    def op(self, *args, **kwargs):
        return self.g.op(*args, **kwargs)

    def stored_params(self):
        """The arrays as the .params file holds them (param_dtype for float32 ones)."""
        def conv(d):
            out = {}
            for k, v in d.items():
                if v.dtype == np.float32 and self.param_dtype != "float32":
                    v = v.astype(self.param_dtype)
                out[k] = v
            return out
        return conv(self.arg), conv(self.aux)


class Case(object):
    """One model (kind "model") or one model neoc must reject (kind "error")."""

    def __init__(self, name, build, error=None, data_shape=None, fmt=None, param_dtype=None,
                 prefix="model", files=None):
        self.name = name
        self.build = build
        self.error = error            # (exit code, exact first line of stderr)
        self.data_shape_override = data_shape
        self.fmt = fmt or default_format(name)
        self.param_dtype = param_dtype or default_param_dtype(name)
        self.prefix = prefix          # file names <prefix>-symbol.json, <prefix>-0000.params
        self.files = files            # fn(symbol bytes, params bytes) -> {member: bytes}
        self.kind = "error" if error else "model"
        self._made = None

    def make(self):
        if self._made is None:
            rng = np.random.default_rng(h32(self.name))
            n = Net(rng, self.param_dtype)
            result = self.build(n)
            heads, goldens = result if self.kind == "model" else (result, [])
            if self.kind == "model" and len(goldens) != len(heads):
                raise SystemExit("%s: %d goldens for %d heads" % (self.name, len(goldens), len(heads)))
            goldens = [np.asarray(a) for a in goldens]
            goldens = [a.astype(np.float32) if a.dtype == np.float64 else a for a in goldens]
            for i, a in enumerate(goldens):
                check_golden(self.name, i, a)
            gen, layout, prefixed = self.fmt
            symbol = n.g.json(heads, generation=gen).encode()
            arg, aux = n.stored_params()
            params = mxf.params_bytes(arg=arg, aux=aux, layout=layout, prefixed=prefixed)
            self._made = (n, symbol, params, goldens)
        return self._made

    def data_shape(self):
        if self.data_shape_override:
            return self.data_shape_override
        n, _, _, _ = self.make()
        return json.dumps({k: [int(d) for d in a.shape] for k, a in n.inputs}, separators=(",", ":"))

    def ops(self):
        n, _, _, _ = self.make()
        return sorted({node.op for node in n.g.nodes} - {"null"})

    def members(self):
        _, symbol, params, _ = self.make()
        if self.files:
            return self.files(symbol, params)
        return {self.prefix + "-symbol.json": symbol, self.prefix + "-0000.params": params}

    def tarball(self):
        return mxf.tarball_bytes(self.members())

    def metadata(self):
        n, _, _, goldens = self.make()
        gen, layout, prefixed = self.fmt
        m = {
            "name": self.name,
            "kind": self.kind,
            "generation": gen,
            "layout": layout,
            "prefixed": prefixed,
            "param_dtype": self.param_dtype,
            "data_shape": self.data_shape(),
            "num_inputs": len(n.inputs),
            "num_outputs": len(goldens),
            "input_dtypes": [str(a.dtype) for _, a in n.inputs],
            "output_dtypes": [str(a.dtype) for a in goldens],
            "ops": self.ops(),
        }
        if self.error:
            m["exit_code"], m["expected"] = self.error
        return m

    def emit(self, out_dir):
        n, _, _, goldens = self.make()
        with open(os.path.join(out_dir, self.name + ".tar.gz"), "wb") as f:
            f.write(self.tarball())
        if self.kind == "model":
            for i, (_, a) in enumerate(n.inputs):
                np.save(os.path.join(out_dir, "%s_in%d.npy" % (self.name, i)),
                        np.array(a, order="C"), allow_pickle=False)
            for i, a in enumerate(goldens):
                np.save(os.path.join(out_dir, "%s_out%d.npy" % (self.name, i)),
                        np.array(a, order="C"), allow_pickle=False)


def check_golden(name, i, a):
    """A golden that barely varies would let a wrong kernel pass at atol 1e-4."""
    if a.dtype.kind == "f":
        if not np.all(np.isfinite(a)):
            raise SystemExit("%s output %d is not finite" % (name, i))
        if a.size > 1 and float(a.max() - a.min()) < MIN_SPREAD:
            raise SystemExit("%s output %d spreads only %g" % (name, i, float(a.max() - a.min())))
    elif a.size > 1 and len(np.unique(a)) < 2:
        raise SystemExit("%s output %d holds one value only" % (name, i))


CASES = []


def case(name, **kw):
    def deco(fn):
        CASES.append(Case(name, fn, **kw))
        return fn
    return deco


def error_case(name, exit_code, line, **kw):
    def deco(fn):
        CASES.append(Case(name, fn, error=(exit_code, line), **kw))
        return fn
    return deco


def normal(rng, shape, scale=1.0):
    return (rng.standard_normal(shape) * scale).astype(np.float32)


def uniform(rng, shape, lo, hi):
    return rng.uniform(lo, hi, shape).astype(np.float32)


# ----------------------------------------------------------------------------------
# Convolutions.

# variant -> (input shape, kernel, num_filter, stride, pad, dilate, num_group, no_bias,
#             extra string params)
CONVS = {
    "k3_defaults": ((1, 3, 6, 7), (3, 3), 4, None, None, None, None, False, {}),
    "k3_pad1": ((1, 3, 6, 7), (3, 3), 4, None, (1, 1), None, None, False, {}),
    "k3_stride2_pad1": ((1, 3, 7, 8), (3, 3), 5, (2, 2), (1, 1), None, None, False, {}),
    "k1x3_pad0x1_stride2x1": ((1, 3, 6, 7), (1, 3), 4, (2, 1), (0, 1), None, None, False, {}),
    "k3_dilate2": ((1, 3, 8, 9), (3, 3), 4, None, (2, 2), (2, 2), None, False, {}),
    "k3_no_bias": ((1, 3, 6, 7), (3, 3), 4, None, (1, 1), None, None, True, {}),
    "k3_group2": ((1, 4, 6, 7), (3, 3), 6, None, (1, 1), None, 2, False, {}),
    "depthwise_k3": ((1, 4, 6, 7), (3, 3), 4, (1, 1), (1, 1), None, 4, True, {}),
    "depthwise_multiplier2_stride2": ((1, 3, 7, 7), (3, 3), 6, (2, 2), (1, 1), None, 3, False, {}),
    "layout_nchw_workspace": ((1, 3, 6, 7), (3, 3), 4, (1, 1), (1, 1), (1, 1), 1, False,
                              {"layout": "NCHW", "workspace": 1024, "cudnn_tune": "off",
                               "cudnn_off": False}),
    "k5_pad2_stride2": ((1, 2, 9, 10), (5, 5), 3, (2, 2), (2, 2), None, None, False, {}),
}


def _conv_cases():
    for op in ("Convolution", "Convolution_v1"):
        for variant, (shape, k, nf, stride, pad, dil, group, no_bias, extra) in CONVS.items():
            if op == "Convolution_v1" and variant not in ("k3_pad1", "k3_stride2_pad1", "k3_group2",
                                                          "k3_no_bias", "depthwise_k3"):
                continue

            def conv(n, op=op, shape=shape, k=k, nf=nf, stride=stride, pad=pad, dil=dil,
                     group=group, no_bias=no_bias, extra=extra):
                x, a = n.data(shape)
                g = group or 1
                w = normal(n.rng, (nf, shape[1] // g) + k, 0.5)
                ins = [x, n.param("conv0_weight", w)]
                b = None
                if not no_bias:
                    b = normal(n.rng, (nf,))
                    ins.append(n.param("conv0_bias", b))
                params = dict(kernel=k, num_filter=nf)
                if stride:
                    params["stride"] = stride
                if pad:
                    params["pad"] = pad
                if dil:
                    params["dilate"] = dil
                if group:
                    params["num_group"] = group
                # no_bias is written only when set, as MXNet's Python writes what was given
                if no_bias or variant == "layout_nchw_workspace":
                    params["no_bias"] = no_bias
                params.update(extra)
                y = n.op(op, ins, "conv0", **params)
                gold = ref.convolution(a, w, b, stride or (1, 1), pad or (0, 0), dil or (1, 1), g)
                return [y], [gold]
            case("%s_%s" % (op, variant))(conv)


_conv_cases()

# variant -> (input, kernel, num_filter, stride, pad, adj, target_shape, group, no_bias)
DECONVS = {
    "k3_stride2_default_no_bias": ((1, 4, 4, 5), (3, 3), 3, (2, 2), None, None, None, None, None),
    "k4_stride2_pad1_bias": ((1, 4, 4, 5), (4, 4), 3, (2, 2), (1, 1), None, None, None, False),
    "k3_stride2_pad1_adj1": ((1, 4, 4, 5), (3, 3), 3, (2, 2), (1, 1), (1, 1), None, None, True),
    "k3_stride2_target_shape": ((1, 4, 4, 5), (3, 3), 3, (2, 2), None, None, (8, 10), None, True),
    "k3_stride2_target_shape_odd": ((1, 4, 4, 5), (3, 3), 2, (2, 2), None, None, (7, 9), None, False),
    "k2_stride2_group2": ((1, 4, 3, 4), (2, 2), 6, (2, 2), None, None, None, 2, False),
    "k3_stride1_pad1": ((1, 3, 5, 6), (3, 3), 4, None, (1, 1), None, None, None, True),
}


def _deconv_cases():
    for variant, (shape, k, nf, stride, pad, adj, target, group, no_bias) in DECONVS.items():
        def deconv(n, shape=shape, k=k, nf=nf, stride=stride, pad=pad, adj=adj, target=target,
                   group=group, no_bias=no_bias):
            x, a = n.data(shape)
            g = group or 1
            w = normal(n.rng, (shape[1], nf // g) + k, 0.5)
            ins = [x, n.param("deconv0_weight", w)]
            b = None
            # Deconvolution's no_bias defaults to True: a bias only when no_bias=False.
            if no_bias is False:
                b = normal(n.rng, (nf,))
                ins.append(n.param("deconv0_bias", b))
            params = dict(kernel=k, num_filter=nf)
            for key, v in (("stride", stride), ("pad", pad), ("adj", adj),
                           ("target_shape", target), ("num_group", group), ("no_bias", no_bias)):
                if v is not None:
                    params[key] = v
            y = n.op("Deconvolution", ins, "deconv0", **params)
            gold = ref.deconvolution(a, w, b, stride or (1, 1), pad or (0, 0), adj or (0, 0),
                                     (1, 1), g, target)
            return [y], [gold]
        case("Deconvolution_" + variant)(deconv)


_deconv_cases()


# ----------------------------------------------------------------------------------
# Pooling.

# variant -> (input, params, reference kwargs)
POOLS = {
    "max_k2_s2": ((1, 3, 6, 8), dict(kernel=(2, 2), stride=(2, 2), pool_type="max"), {}),
    "max_k3_s2_pad1": ((1, 3, 7, 8), dict(kernel=(3, 3), stride=(2, 2), pad=(1, 1), pool_type="max"), {}),
    "max_k3_s2_full": ((1, 3, 6, 8), dict(kernel=(3, 3), stride=(2, 2), pool_type="max",
                                         pooling_convention="full"), {}),
    "max_k3_default_stride": ((1, 3, 6, 7), dict(kernel=(3, 3), pool_type="max"), {}),
    "avg_k3_s2_pad1_count_pad": ((1, 3, 7, 8), dict(kernel=(3, 3), stride=(2, 2), pad=(1, 1),
                                                    pool_type="avg"), {}),
    "avg_k3_s2_pad1_count_include_pad_false": (
        (1, 3, 7, 8), dict(kernel=(3, 3), stride=(2, 2), pad=(1, 1), pool_type="avg",
                           count_include_pad=False), {"count_include_pad": False}),
    "avg_k3_s2_pad1_count_include_pad_true": (
        (1, 3, 7, 8), dict(kernel=(3, 3), stride=(2, 2), pad=(1, 1), pool_type="avg",
                           count_include_pad=True), {}),
    "avg_k3_s2_full_pad1": ((1, 3, 8, 8), dict(kernel=(3, 3), stride=(2, 2), pad=(1, 1),
                                               pool_type="avg", pooling_convention="full"), {}),
    "avg_k3_s2_full_pad1_count_include_pad_false": (
        (1, 3, 8, 8), dict(kernel=(3, 3), stride=(2, 2), pad=(1, 1), pool_type="avg",
                           pooling_convention="full", count_include_pad=False),
        {"count_include_pad": False}),
    "sum_k2_s1": ((1, 3, 5, 6), dict(kernel=(2, 2), stride=(1, 1), pool_type="sum"), {}),
    "max_global": ((1, 3, 5, 6), dict(kernel=(1, 1), global_pool=True, pool_type="max"), {}),
    "avg_global_kernel_ignored": ((1, 4, 5, 6), dict(kernel=(3, 3), pad=(1, 1), global_pool=True,
                                                     pool_type="avg"), {}),
    "avg_global_no_kernel": ((1, 4, 5, 6), dict(global_pool=True, pool_type="avg"), {}),
    "max_k2x3_s1x2_layout_nchw": ((1, 3, 6, 7), dict(kernel=(2, 3), stride=(1, 2), pool_type="max",
                                                      layout="NCHW", cudnn_off=False), {}),
    "default_pool_type_max": ((1, 3, 6, 6), dict(kernel=(2, 2), stride=(2, 2)), {}),
}

POOLS_V1 = {
    "defaults_k2": ((1, 3, 5, 6), dict(kernel=(2, 2))),
    "max_k3_s2_pad1_zero_padding": ((1, 3, 7, 8), dict(kernel=(3, 3), stride=(2, 2), pad=(1, 1),
                                                      pool_type="max")),
    "max_k3_s2_full": ((1, 3, 8, 8), dict(kernel=(3, 3), stride=(2, 2), pool_type="max",
                                         pooling_convention="full")),
    "avg_k3_s2_pad1": ((1, 3, 7, 8), dict(kernel=(3, 3), stride=(2, 2), pad=(1, 1), pool_type="avg")),
    "avg_k2_s2_full_odd": ((1, 3, 7, 9), dict(kernel=(2, 2), stride=(2, 2), pool_type="avg",
                                             pooling_convention="full")),
    "sum_k2_s2": ((1, 3, 6, 6), dict(kernel=(2, 2), stride=(2, 2), pool_type="sum")),
    "avg_global": ((1, 4, 5, 6), dict(kernel=(1, 1), global_pool=True, pool_type="avg")),
}


def _pool_cases():
    for variant, (shape, params, extra) in POOLS.items():
        def pool(n, shape=shape, params=params, extra=extra):
            x, a = n.data(shape)
            y = n.op("Pooling", [x], "pool0", **params)
            gold = ref.pooling(a, params.get("kernel", (1, 1)), params.get("pool_type", "max"),
                               params.get("stride", (1, 1)), params.get("pad", (0, 0)),
                               params.get("pooling_convention", "valid"),
                               params.get("global_pool", False),
                               extra.get("count_include_pad", True))
            return [y], [gold]
        case("Pooling_" + variant)(pool)

    for variant, (shape, params) in POOLS_V1.items():
        def pool_v1(n, shape=shape, params=params):
            # Positive inputs for max with padding would hide the zero padding; shift
            # them negative so the zeros win at the border.
            x, a = n.data(shape)
            if "zero_padding" in variant:
                a -= 1.5
            y = n.op("Pooling_v1", [x], "pool0", **params)
            gold = ref.pooling_v1(a, params["kernel"], params.get("pool_type", "max"),
                                  params.get("stride", (1, 1)), params.get("pad", (0, 0)),
                                  params.get("pooling_convention", "valid"),
                                  params.get("global_pool", False))
            return [y], [gold]
        case("Pooling_v1_" + variant)(pool_v1)


_pool_cases()


# ----------------------------------------------------------------------------------
# Normalisation.

def _bn_cases():
    # variant -> (op, shape, params, fix_gamma used, eps used, axis)
    table = {
        "BatchNorm_defaults_fix_gamma": ("BatchNorm", (1, 4, 5, 6), {}, True, 1e-3, 1),
        "BatchNorm_fix_gamma_false": ("BatchNorm", (1, 4, 5, 6), dict(fix_gamma=False), False, 1e-3, 1),
        "BatchNorm_gluon_eps1em5_use_global_stats": (
            "BatchNorm", (1, 4, 5, 6),
            dict(axis=1, eps=1e-5, fix_gamma=False, momentum=0.9, use_global_stats=True,
                 cudnn_off=False), False, 1e-5, 1),
        "BatchNorm_eps0_1_fix_gamma_true_explicit": ("BatchNorm", (1, 3, 4, 5),
                                                     dict(eps=0.1, fix_gamma=True), True, 0.1, 1),
        "BatchNorm_axis_last": ("BatchNorm", (1, 5, 6, 4), dict(axis=-1, fix_gamma=False), False, 1e-3, 3),
        "BatchNorm_rank2": ("BatchNorm", (3, 6), dict(fix_gamma=False), False, 1e-3, 1),
        "BatchNorm_v1_defaults_fix_gamma": ("BatchNorm_v1", (1, 4, 5, 6), {}, True, 1e-3, 1),
        "BatchNorm_v1_fix_gamma_false_eps": ("BatchNorm_v1", (1, 4, 5, 6),
                                             dict(fix_gamma=False, eps=2e-5, use_global_stats=False),
                                             False, 2e-5, 1),
    }
    for name, (op, shape, params, fix, eps, axis) in table.items():
        def bn(n, op=op, shape=shape, params=params, fix=fix, eps=eps, axis=axis):
            x, a = n.data(shape, 2.0)
            c = shape[axis]
            gamma = uniform(n.rng, (c,), 0.5, 2.0) * n.rng.choice([-1, 1], c).astype(np.float32)
            beta, mean = normal(n.rng, (c,)), normal(n.rng, (c,))
            var = uniform(n.rng, (c,), 0.02, 2.0)
            ins = [x, n.param("bn0_gamma", gamma), n.param("bn0_beta", beta),
                   n.aux_state("bn0_moving_mean", mean), n.aux_state("bn0_moving_var", var)]
            # MXNet counts three outputs for BatchNorm (out, mean, var), one visible.
            y = n.op(op, ins, "bn0", num_outputs=3, **params)
            return [y], [ref.batch_norm(a, gamma, beta, mean, var, eps, fix, axis)]
        case(name)(bn)

    for name, shape, params in (
            ("LRN_nsize5_defaults", (1, 7, 4, 5), dict(nsize=5)),
            ("LRN_nsize3_alpha_beta_knorm", (1, 6, 4, 5), dict(nsize=3, alpha=0.05, beta=0.5, knorm=1.0)),
            ("LRN_nsize7_more_than_channels", (1, 5, 3, 4), dict(nsize=7, alpha=0.01, beta=0.75, knorm=2.0))):
        def lrn(n, shape=shape, params=params):
            x, a = n.data(shape, 3.0)
            y = n.op("LRN", [x], "lrn0", **params)
            return [y], [ref.lrn(a, params["nsize"], params.get("alpha", 1e-4),
                                 params.get("beta", 0.75), params.get("knorm", 2.0))]
        case(name)(lrn)


_bn_cases()


# ----------------------------------------------------------------------------------
# Activations and unary math.

def _activation_cases():
    for act in ("relu", "sigmoid", "tanh", "softrelu", "softsign"):
        def f(n, act=act):
            x, a = n.data(scale=3.0)
            return [n.op("Activation", [x], "act0", act_type=act)], [ref.activation(a, act)]
        case("Activation_" + act)(f)

    leaky = {
        "leaky_default_slope": (dict(act_type="leaky"), {}),
        "leaky_slope0_1": (dict(act_type="leaky", slope=0.1), {"slope": 0.1}),
        "no_act_type_leaky": ({}, {}),
        "elu_slope0_5": (dict(act_type="elu", slope=0.5), {"slope": 0.5}),
        "elu_default_slope": (dict(act_type="elu"), {}),
        "rrelu_inference": (dict(act_type="rrelu", lower_bound=0.1, upper_bound=0.4),
                            {"lower_bound": 0.1, "upper_bound": 0.4}),
        "rrelu_default_bounds": (dict(act_type="rrelu"), {}),
        "selu": (dict(act_type="selu"), {}),
        "gelu": (dict(act_type="gelu"), {}),
    }
    for variant, (params, kw) in leaky.items():
        def lr(n, params=params, kw=kw):
            x, a = n.data(scale=2.0)
            y = n.op("LeakyReLU", [x], "leaky0", **params)
            return [y], [ref.leaky_relu(a, params.get("act_type", "leaky"), **kw)]
        case("LeakyReLU_" + variant)(lr)

    for variant, c in (("prelu_per_channel", 3), ("prelu_shared_gamma", 1)):
        def prelu(n, c=c):
            x, a = n.data(scale=2.0)
            gamma = uniform(n.rng, (c,), 0.05, 0.6)
            y = n.op("LeakyReLU", [x, n.param("prelu0_alpha", gamma)], "prelu0", act_type="prelu")
            return [y], [ref.leaky_relu(a, "prelu", gamma=gamma)]
        case("LeakyReLU_" + variant)(prelu)

    unary = {
        "exp": (np.exp, 1.0, None), "log": (np.log, None, (0.1, 5.0)),
        "negative": (np.negative, 1.0, None), "relu": (lambda v: np.maximum(v, 0), 1.0, None),
        "sigmoid": (lambda v: 1 / (1 + np.exp(-v)), 3.0, None), "tanh": (np.tanh, 2.0, None),
    }
    for op, (fn, scale, rng_range) in unary.items():
        def un(n, op=op, fn=fn, scale=scale, rng_range=rng_range):
            if rng_range:
                x, a = n.data(value=uniform(n.rng, (1, 3, 6, 7), *rng_range))
            else:
                x, a = n.data(scale=scale)
            return [n.op(op, [x], op + "0")], [fn(a.astype(np.float64))]
        case(op + "_basic")(un)

    def clip(n):
        x, a = n.data(scale=3.0)
        return [n.op("clip", [x], "clip0", a_min=-1.0, a_max=1.5)], [np.clip(a, -1.0, 1.5)]
    case("clip_min_max")(clip)

    def clip_chain(n):
        x, a = n.data(scale=3.0)
        y = n.op("clip", [x], "clip0", a_min=0.0, a_max=6.0)
        return [y], [np.clip(a, 0.0, 6.0)]
    case("clip_relu6")(clip_chain)


_activation_cases()


def _softmax_cases():
    for op in ("softmax", "log_softmax"):
        fn = ref.softmax if op == "softmax" else ref.log_softmax
        for variant, shape, params, kw in (
                ("default_axis", (2, 3, 7), {}, {}),
                ("axis1", (1, 5, 3, 4), dict(axis=1), dict(axis=1)),
                ("axis_m2_temperature2", (2, 4, 6), dict(axis=-2, temperature=2.0),
                 dict(axis=-2, temperature=2.0)),
                ("rank2", (3, 10), dict(axis=-1), dict(axis=-1))):
            def sm(n, op=op, fn=fn, shape=shape, params=params, kw=kw):
                x, a = n.data(shape, 2.0)
                return [n.op(op, [x], op + "0", **params)], [fn(a, **kw)]
            case("%s_%s" % (op, variant))(sm)

    # SoftmaxOutput and its alias Softmax: inference heads with their label variable.
    for op, variant, shape, params, kw in (
            ("SoftmaxOutput", "rank2", (2, 10), {}, {}),
            ("SoftmaxOutput", "rank4_flattened", (1, 3, 2, 4), {}, {}),
            ("SoftmaxOutput", "multi_output", (1, 4, 3, 5), dict(multi_output=True), dict(multi_output=True)),
            ("SoftmaxOutput", "preserve_shape", (2, 3, 6), dict(preserve_shape=True), dict(preserve_shape=True)),
            ("SoftmaxOutput", "training_params_ignored", (2, 10),
             dict(grad_scale=2.0, ignore_label=-1.0, use_ignore=True, normalization="valid",
                  smooth_alpha=0.1), {}),
            ("Softmax", "alias_rank2", (2, 10), {}, {}),
            ("Softmax", "alias_multi_output", (1, 4, 3, 5), dict(multi_output=True), dict(multi_output=True))):
        def so(n, op=op, shape=shape, params=params, kw=kw):
            x, a = n.data(shape, 2.0)
            y = n.op(op, [x, n.label("softmax_label")], "softmax", **params)
            return [y], [ref.softmax_output(a, **kw)]
        case("%s_%s" % (op, variant))(so)

    def linreg(n):
        x, a = n.data((2, 5), 2.0)
        w = normal(n.rng, (3, 5), 0.5)
        b = normal(n.rng, (3,))
        fc = n.op("FullyConnected", [x, n.param("fc0_weight", w), n.param("fc0_bias", b)], "fc0",
                  num_hidden=3)
        y = n.op("LinearRegressionOutput", [fc, n.label("lro_label")], "lro", grad_scale=1.0)
        return [y], [ref.fully_connected(a, w, b)]
    case("LinearRegressionOutput_after_fc")(linreg)

    def linreg_plain(n):
        x, a = n.data((1, 3, 4, 5), 2.0)
        y = n.op("LinearRegressionOutput", [x, n.label("label")], "lro")
        return [y], [a]
    case("LinearRegressionOutput_identity")(linreg_plain)

    for mode in (None, "instance", "channel"):
        def sa(n, mode=mode):
            x, a = n.data((1, 4, 3, 5), 2.0)
            params = {} if mode is None else dict(mode=mode)
            y = n.op("SoftmaxActivation", [x], "softmaxact0", **params)
            return [y], [ref.softmax_activation(a, mode or "instance")]
        case("SoftmaxActivation_" + (mode or "default_instance"))(sa)


_softmax_cases()


# ----------------------------------------------------------------------------------
# Dense.

def _fc_cases():
    for variant, shape, flatten, no_bias, nh in (
            ("rank2_bias", (2, 6), None, False, 5),
            ("rank4_flatten_default", (1, 3, 4, 5), None, False, 7),
            ("rank4_flatten_true_no_bias", (2, 3, 2, 2), True, True, 4),
            ("rank3_flatten_false", (2, 3, 6), False, False, 5),
            ("rank4_flatten_false_no_bias", (1, 2, 3, 6), False, True, 4)):
        def fc(n, shape=shape, flatten=flatten, no_bias=no_bias, nh=nh):
            x, a = n.data(shape)
            k = int(np.prod(shape[1:])) if flatten is not False else shape[-1]
            w = normal(n.rng, (nh, k), 0.5)
            ins = [x, n.param("fc0_weight", w)]
            b = None
            if not no_bias:
                b = normal(n.rng, (nh,))
                ins.append(n.param("fc0_bias", b))
            params = dict(num_hidden=nh)
            if flatten is not None:
                params["flatten"] = flatten
            if no_bias:
                params["no_bias"] = True
            y = n.op("FullyConnected", ins, "fc0", **params)
            return [y], [ref.fully_connected(a, w, b, flatten is not False)]
        case("FullyConnected_" + variant)(fc)


_fc_cases()


# ----------------------------------------------------------------------------------
# Element-wise binary and scalar operators.

def _binary_cases():
    fns = {"add": np.add, "sub": np.subtract, "mul": np.multiply, "div": np.divide}
    for k, fn in fns.items():
        def bc(n, k=k, fn=fn):
            x, a = n.data((1, 3, 4, 5))
            y_, b = n.data((1, 3, 1, 5), name="data1")
            if k == "div":
                b = uniform(n.rng, b.shape, 0.5, 2.0) * np.sign(b)
                n.inputs[-1] = ("data1", b)
            return [n.op("broadcast_" + k, [x, y_], k + "0")], [fn(a.astype(np.float64), b)]
        case("broadcast_%s_two_inputs" % k)(bc)

        def bc_param(n, k=k, fn=fn):
            x, a = n.data((1, 3, 4, 5))
            c = uniform(n.rng, (1, 3, 1, 1), 0.5, 2.0) * n.rng.choice([-1, 1], (1, 3, 1, 1)).astype(np.float32)
            y = n.op("broadcast_" + k, [x, n.param("scale0", c)], k + "0")
            return [y], [fn(a.astype(np.float64), c)]
        case("broadcast_%s_param_per_channel" % k)(bc_param)

        def ew(n, k=k, fn=fn):
            x, a = n.data((1, 3, 4, 5))
            y_, b = n.data((1, 3, 4, 5), name="data1")
            if k == "div":
                b = uniform(n.rng, b.shape, 0.5, 2.0)
                n.inputs[-1] = ("data1", b)
            return [n.op("elemwise_" + k, [x, y_], k + "0")], [fn(a.astype(np.float64), b)]
        case("elemwise_%s_two_inputs" % k)(ew)

        def sym(n, k=k, fn=fn):
            x, a = n.data((1, 3, 4, 5))
            y_, b = n.data((1, 3, 4, 5), name="data1")
            if k == "div":
                b = uniform(n.rng, b.shape, 0.5, 2.0)
                n.inputs[-1] = ("data1", b)
            return [n.op("_%s_symbol" % k, [x, y_], k + "0")], [fn(a.astype(np.float64), b)]
        case("%s_symbol_two_inputs" % k)(sym)

    def bc_both(n):
        x, a = n.data((1, 3, 1, 5))
        y_, b = n.data((1, 1, 4, 1), name="data1")
        return [n.op("broadcast_add", [x, y_], "add0")], [a.astype(np.float64) + b]
    case("broadcast_add_both_sides")(bc_both)

    def bc_rank(n):
        x, a = n.data((2, 3, 4))
        y_, b = n.data((4,), name="data1")
        return [n.op("broadcast_mul", [x, y_], "mul0")], [a.astype(np.float64) * b]
    case("broadcast_mul_rank_differs")(bc_rank)

    def plus(n):
        x, a = n.data((1, 3, 4, 5))
        y_, b = n.data((1, 3, 4, 5), name="data1")
        return [n.op("_Plus", [x, y_], "plus0")], [a.astype(np.float64) + b]
    case("Plus_two_inputs")(plus)

    def plus_residual(n):
        x, a = n.data((1, 3, 4, 5))
        w = normal(n.rng, (3, 3, 3, 3), 0.3)
        c = n.op("Convolution", [x, n.param("conv0_weight", w)], "conv0", kernel=(3, 3), pad=(1, 1),
                 num_filter=3, no_bias=True)
        y = n.op("_Plus", [c, x], "_plus0")
        return [y], [ref.convolution(a, w, pad=(1, 1)) + a]
    case("Plus_residual")(plus_residual)

    def add_n(n, k):
        ins, arrs = [], []
        for i in range(k):
            e, a = n.data((1, 3, 4, 5), name="data%d" % i if i else "data")
            ins.append(e)
            arrs.append(a.astype(np.float64))
        return [n.op("add_n", ins, "addn0", num_args=k)], [sum(arrs)]
    case("add_n_two")(lambda n: add_n(n, 2))
    case("add_n_four")(lambda n: add_n(n, 4))

    scalar = {
        "_plus_scalar": lambda a, s: a + s, "_add_scalar": lambda a, s: a + s,
        "_minus_scalar": lambda a, s: a - s, "_sub_scalar": lambda a, s: a - s,
        "_rminus_scalar": lambda a, s: s - a, "_rsub_scalar": lambda a, s: s - a,
        "_mul_scalar": lambda a, s: a * s, "_div_scalar": lambda a, s: a / s,
        "_rdiv_scalar": lambda a, s: s / a,
    }
    for op, fn in scalar.items():
        for variant, s in (("basic", 2.5), ("negative", -0.75)):
            def sc(n, op=op, fn=fn, s=s):
                if op == "_rdiv_scalar":
                    x, a = n.data(value=uniform(n.rng, (1, 3, 4, 5), 0.5, 2.0) *
                                  n.rng.choice([-1, 1], (1, 3, 4, 5)).astype(np.float32))
                else:
                    x, a = n.data((1, 3, 4, 5))
                return [n.op(op, [x], op.lstrip("_") + "0", scalar=s)], [fn(a.astype(np.float64), np.float32(s))]
            case("%s_%s" % (op.lstrip("_"), variant))(sc)

    for op, variant, s, lo, hi in (("_pow_scalar", "square", 2.0, -2.0, 2.0),
                                   ("_pow_scalar", "fraction", 0.5, 0.1, 4.0),
                                   ("_pow_scalar", "cube_negative_base", 3.0, -2.0, 2.0),
                                   ("_rpow_scalar", "base2", 2.0, -2.0, 2.0),
                                   ("_rpow_scalar", "base0_5", 0.5, -2.0, 2.0)):
        def pw(n, op=op, s=s, lo=lo, hi=hi):
            x, a = n.data(value=uniform(n.rng, (1, 3, 4, 5), lo, hi))
            a64 = a.astype(np.float64)
            gold = a64 ** np.float32(s) if op == "_pow_scalar" else np.float64(np.float32(s)) ** a64
            return [n.op(op, [x], op.lstrip("_") + "0", scalar=s)], [gold]
        case("%s_%s" % (op.lstrip("_"), variant))(pw)

    def copy(n):
        x, a = n.data()
        y = n.op("_copy", [x], "copy0")
        return [n.op("relu", [y], "relu0")], [np.maximum(a, 0)]
    case("copy_then_relu")(copy)

    def copy_head(n):
        x, a = n.data()
        return [n.op("_copy", [x], "copy0")], [a]
    case("copy_head")(copy_head)


_binary_cases()


# ----------------------------------------------------------------------------------
# Shape operators.

def _shape_cases():
    reshapes = {
        "plain": ((1, 3, 4, 5), (1, 12, 5), False),
        "zero_keeps": ((2, 3, 4, 5), (0, 0, -1), False),
        "minus1_infers": ((2, 3, 4, 5), (-1, 20), False),
        "minus2_copies_rest": ((2, 3, 4, 5), (0, -2), False),
        "minus3_merges": ((2, 3, 4, 5), (-3, -3), False),
        "minus4_splits": ((2, 6, 4, 5), (0, -4, 2, -1, -2), False),
        "minus4_splits_left_inferred": ((2, 6, 4, 5), (0, -4, -1, 3, 20), False),
        "reverse_zero": ((2, 3, 4, 5), (-1, 0), True),
        "reverse_minus1": ((2, 3, 4, 5), (6, -1, 0), True),
        "ssd_0_m1_4": ((1, 6, 4), (0, -1, 2), False),
    }
    for op in ("Reshape", "reshape"):
        for variant, (shape, target, reverse) in reshapes.items():
            if op == "Reshape" and variant not in ("plain", "zero_keeps", "minus3_merges", "reverse_zero"):
                continue

            def rs(n, op=op, shape=shape, target=target, reverse=reverse):
                x, a = n.data(shape)
                params = dict(shape=target)
                if reverse:
                    params["reverse"] = True
                y = n.op(op, [x], "reshape0", **params)
                return [y], [a.reshape(ref.reshape_shape(shape, target, reverse))]
            case("%s_%s%s" % (op, variant, "_camel" if op == "Reshape" else ""))(rs)

    def reshape_like(n):
        x, a = n.data((2, 3, 4))
        y_, b = n.data((4, 6), name="like")
        return [n.op("reshape_like", [x, y_], "rl0")], [a.reshape(4, 6)]
    case("reshape_like_two_inputs")(reshape_like)

    def reshape_like_conv(n):
        # the shape comes from a computed tensor, as in exported Gluon graphs
        x, a = n.data((1, 2, 3, 4))
        y = n.op("Flatten", [x], "flat0")
        y = n.op("relu", [y], "relu0")
        return [n.op("reshape_like", [y, x], "rl0")], [np.maximum(a, 0)]
    case("reshape_like_restore")(reshape_like_conv)

    for op in ("Flatten", "flatten"):
        def fl(n, op=op):
            x, a = n.data((2, 3, 4, 5))
            return [n.op(op, [x], "flatten0")], [a.reshape(2, -1)]
        case("%s_rank4%s" % (op, "_camel" if op == "Flatten" else ""))(fl)

    def fl3(n):
        x, a = n.data((2, 3, 4))
        return [n.op("flatten", [x], "flatten0")], [a.reshape(2, -1)]
    case("flatten_rank3")(fl3)

    for variant, shape, axes in (("reverse_default", (2, 3, 4, 5), None),
                                 ("empty_axes_reverse", (2, 3, 4), ()),
                                 ("nchw_to_nhwc", (1, 3, 4, 5), (0, 2, 3, 1)),
                                 ("rank3_021", (2, 3, 4), (0, 2, 1))):
        def tr(n, shape=shape, axes=axes):
            x, a = n.data(shape)
            params = {} if axes is None else dict(axes=axes)
            return [n.op("transpose", [x], "transpose0", **params)], [ref.transpose(a, axes or ())]
        case("transpose_" + variant)(tr)

    for variant, shape, axis in (("axis0", (3, 4), 0), ("axis1", (2, 3, 4), 1),
                                 ("axis_last", (2, 3, 4), 3), ("axis_negative", (2, 3, 4), -1)):
        def ed(n, shape=shape, axis=axis):
            x, a = n.data(shape)
            return [n.op("expand_dims", [x], "ed0", axis=axis)], [np.expand_dims(a, axis)]
        case("expand_dims_" + variant)(ed)

    for variant, shape, target in (("zero_keeps", (1, 3, 1, 5), (2, 0, 4, 0)),
                                   ("full_shape", (1, 3, 1), (2, 3, 4)),
                                   ("rank4_channel", (1, 3, 1, 1), (1, 3, 4, 5))):
        def bt(n, shape=shape, target=target):
            x, a = n.data(shape)
            # MXNet requires the target's rank to be the input's
            y = n.op("broadcast_to", [x], "bt0", shape=target)
            return [y], [ref.broadcast_to(a, tuple(target))]
        case("broadcast_to_" + variant)(bt)

    for op in ("Concat", "concat"):
        for variant, shapes, dim in (("dim1_two", [(1, 2, 3, 4), (1, 3, 3, 4)], 1),
                                     ("dim_default_three", [(1, 2, 3, 4), (1, 1, 3, 4), (1, 3, 3, 4)], None),
                                     ("dim3", [(1, 2, 3, 4), (1, 2, 3, 2)], 3),
                                     ("dim0", [(2, 3), (1, 3)], 0)):
            if op == "Concat" and variant == "dim0":
                continue

            def ct(n, op=op, shapes=shapes, dim=dim):
                ins, arrs = [], []
                for i, s in enumerate(shapes):
                    e, a = n.data(s, name="data%d" % i if i else "data")
                    ins.append(e)
                    arrs.append(a)
                params = dict(num_args=len(shapes))
                if dim is not None:
                    params["dim"] = dim
                y = n.op(op, ins, "concat0", **params)
                return [y], [np.concatenate(arrs, axis=1 if dim is None else dim)]
            case("%s_%s%s" % (op, variant, "_camel" if op == "Concat" else ""))(ct)

    for op in ("SliceChannel", "split"):
        for variant, shape, k, axis, squeeze in (("axis_default_two", (1, 4, 3, 5), 2, None, None),
                                                 ("axis2_three", (1, 2, 6, 5), 3, 2, None),
                                                 ("axis_last_squeeze", (2, 3, 3), 3, -1, True),
                                                 ("axis1_squeeze_one_head", (1, 3, 4, 5), 3, 1, True)):
            if op == "split" and variant == "axis_last_squeeze":
                continue

            def sp(n, op=op, shape=shape, k=k, axis=axis, squeeze=squeeze, variant=variant):
                x, a = n.data(shape)
                params = {}
                if axis is not None:
                    params["axis"] = axis
                if squeeze is not None:
                    params["squeeze_axis"] = squeeze
                y = n.op(op, [x], "split0", num_outputs=k, **params)
                parts = ref.split(a, k, 1 if axis is None else axis, bool(squeeze))
                if variant == "axis1_squeeze_one_head":
                    # only output 1 is a head, the others are consumed by an add
                    s = n.op("elemwise_add", [y.out(0), y.out(2)], "add0")
                    return [y.out(1), s], [parts[1], parts[0] + parts[2]]
                return [y.out(i) for i in range(k)], parts
            case("%s_%s" % (op, variant))(sp)

    # Crop with a reference input (num_args=2), and with h_w (num_args=1)
    for variant, params, like in (("like_offset0", dict(num_args=2), (1, 2, 4, 5)),
                                  ("like_offset", dict(num_args=2, offset=(1, 2)), (1, 2, 4, 5)),
                                  ("like_center_crop", dict(num_args=2, center_crop=True), (1, 2, 3, 4)),
                                  ("h_w_offset", dict(num_args=1, h_w=(4, 3), offset=(2, 1)), None),
                                  ("h_w_center_crop", dict(num_args=1, h_w=(3, 5), center_crop=True), None)):
        def cr(n, params=params, like=like):
            x, a = n.data((1, 3, 7, 8))
            ins = [x]
            out_hw = params.get("h_w")
            if like:
                e, _ = n.data(like, name="like")
                ins.append(e)
                out_hw = like[2:]
            y = n.op("Crop", ins, "crop0", **params)
            return [y], [ref.crop(a, out_hw, params.get("offset", (0, 0)), params.get("center_crop", False))]
        case("Crop_" + variant)(cr)

    def crop_fcn(n):
        # FCN-style: a Deconvolution upsampling cropped back to the input's size
        x, a = n.data((1, 2, 6, 7))
        w = normal(n.rng, (2, 3, 4, 4), 0.5)
        up = n.op("Deconvolution", [x, n.param("up_weight", w)], "up", kernel=(4, 4), stride=(2, 2),
                  num_filter=3, no_bias=True)
        y = n.op("Crop", [up, x], "crop0", num_args=2, offset=(1, 1))
        gold = ref.deconvolution(a, w, stride=(2, 2))
        return [y], [ref.crop(gold, (6, 7), (1, 1))]
    case("Crop_fcn_deconvolution")(crop_fcn)

    for variant, shape, like, axes in (("all_axes", (2, 5, 6), (1, 3, 4), None),
                                       ("axes_2_3", (1, 3, 7, 8), (1, 1, 4, 6), (2, 3)),
                                       ("negative_axis", (2, 5, 6), (2, 3, 2), (-1,))):
        def sl(n, shape=shape, like=like, axes=axes):
            x, a = n.data(shape)
            e, _ = n.data(like, name="like")
            params = {} if axes is None else dict(axes=axes)
            y = n.op("slice_like", [x, e], "sl0", **params)
            return [y], [ref.slice_like(a, like, axes or ())]
        case("slice_like_" + variant)(sl)

    for variant, shape, scale, mode, shapes in (("scale2", (1, 3, 3, 4), 2, None, None),
                                                ("scale3", (1, 2, 2, 3), 3, None, None),
                                                ("two_inputs_concat", (1, 2, 4, 4), 2, "concat", [(1, 3, 2, 2)]),
                                                ("two_inputs_sum", (1, 3, 4, 4), 1, "sum", [(1, 3, 2, 2)])):
        def up(n, shape=shape, scale=scale, mode=mode, shapes=shapes):
            x, a = n.data(shape)
            ins, arrs = [x], [a]
            for i, s in enumerate(shapes or []):
                e, b = n.data(s, name="data%d" % (i + 1))
                ins.append(e)
                arrs.append(b)
            params = dict(scale=scale, sample_type="nearest", num_args=len(ins))
            if mode:
                params["multi_input_mode"] = mode
            y = n.op("UpSampling", ins, "up0", **params)
            return [y], [ref.upsampling_nearest(arrs, scale, mode or "concat")]
        case("UpSampling_nearest_" + variant)(up)

    # Bilinear: MXNet runs it as a Deconvolution whose weight the model carries: kernel
    # 2s - s % 2, stride s, pad ceil((s - 1) / 2), one group per channel, no bias.
    for variant, shape, scale in (("scale2", (1, 3, 4, 5), 2), ("scale3", (1, 2, 3, 3), 3)):
        def up_bilinear(n, shape=shape, scale=scale):
            x, a = n.data(shape)
            c, k = shape[1], 2 * scale - scale % 2
            w = normal(n.rng, (c, 1, k, k))
            y = n.op("UpSampling", [x, n.param("up0_weight", w)], "up0", scale=scale,
                     sample_type="bilinear", num_filter=c, num_args=2)
            pad = scale // 2
            return [y], [ref.deconvolution(a, w, stride=(scale, scale), pad=(pad, pad),
                                           num_group=c)]
        case("UpSampling_bilinear_" + variant)(up_bilinear)


_shape_cases()


# ----------------------------------------------------------------------------------
# Reductions, argmax, casts, Dropout.

def _reduce_cases():
    table = [
        ("sum", "axis1", (1, 3, 4, 5), dict(axis=1), dict(axis=1)),
        ("sum", "axes_2_3_keepdims", (1, 3, 4, 5), dict(axis=(2, 3), keepdims=True),
         dict(axis=(2, 3), keepdims=True)),
        ("sum", "all_axes", (2, 3, 4), {}, {}),
        ("sum", "exclude_axis1", (2, 3, 4, 5), dict(axis=1, exclude=True), dict(axis=1, exclude=True)),
        ("max", "axis_negative", (2, 3, 4), dict(axis=-1), dict(axis=-1)),
        ("max", "axes_keepdims", (1, 3, 4, 5), dict(axis=(1, 3), keepdims=True), dict(axis=(1, 3), keepdims=True)),
        ("max", "axis_none_all", (2, 3, 4), dict(axis=None), {}),
        ("min", "axis0", (3, 4, 5), dict(axis=0), dict(axis=0)),
        ("min", "exclude_keepdims", (2, 3, 4), dict(axis=(0,), exclude=True, keepdims=True),
         dict(axis=(0,), exclude=True, keepdims=True)),
        ("sum_axis", "axis2", (1, 3, 4, 5), dict(axis=2), dict(axis=2)),
        ("sum_axis", "axis_tuple_keepdims", (1, 3, 4, 5), dict(axis=(2, 3), keepdims=True),
         dict(axis=(2, 3), keepdims=True)),
        ("max_axis", "axis1", (1, 3, 4, 5), dict(axis=1), dict(axis=1)),
        ("max_axis", "keepdims", (2, 3, 4), dict(axis=2, keepdims=True), dict(axis=2, keepdims=True)),
        ("min_axis", "axis1", (1, 3, 4, 5), dict(axis=1), dict(axis=1)),
        ("min_axis", "exclude", (2, 3, 4), dict(axis=1, exclude=True), dict(axis=1, exclude=True)),
    ]
    for op, variant, shape, params, kw in table:
        def red(n, op=op, shape=shape, params=params, kw=kw):
            x, a = n.data(shape, 2.0)
            y = n.op(op, [x], op + "0", **params)
            return [y], [ref.reduce(a, op.replace("_axis", ""), **kw)]
        case("%s_%s" % (op, variant))(red)

    for variant, shape, params in (("axis1", (2, 5, 3), dict(axis=1)),
                                   ("axis_last_keepdims", (2, 3, 6), dict(axis=-1, keepdims=True)),
                                   ("axis_none_flattened", (2, 3, 4), {}),
                                   ("classifier", (1, 10), dict(axis=1))):
        def am(n, shape=shape, params=params):
            # distinct values far apart: no ties for the argmax
            vals = n.rng.permutation(int(np.prod(shape))).astype(np.float32) * 0.5
            x, a = n.data(value=vals.reshape(shape))
            y = n.op("argmax", [x], "argmax0", **params)
            return [y], [ref.argmax(a, params.get("axis"), params.get("keepdims", False))]
        case("argmax_" + variant)(am)

    for op in ("cast", "Cast"):
        for variant, dtype in (("float32", "float32"), ("int32_truncates", "int32"),
                               ("float16_rounds", "float16")):
            if op == "Cast" and variant == "float16_rounds":
                continue

            def cs(n, op=op, dtype=dtype):
                x, a = n.data(scale=3.0)
                y = n.op(op, [x], "cast0", dtype=dtype)
                # a float head: cast back (int32 heads are not what models output)
                y2 = n.op(op, [y], "cast1", dtype="float32")
                return [y2], [a.astype(dtype).astype(np.float64)]
            case("%s_%s%s" % (op, variant, "_camel" if op == "Cast" else ""))(cs)

    for variant, params in (("default_p", {}), ("p0_5_mode_training", dict(p=0.5, mode="training")),
                            ("p0_3_axes", dict(p=0.3, axes=(2, 3)))):
        def do(n, params=params):
            x, a = n.data()
            w = normal(n.rng, (4, 3 * 6 * 7), 0.2)
            d = n.op("Dropout", [x], "dropout0", num_outputs=2, **params)
            y = n.op("FullyConnected", [d, n.param("fc0_weight", w)], "fc0", num_hidden=4, no_bias=True)
            return [y], [ref.fully_connected(a, w)]
        case("Dropout_" + variant)(do)


_reduce_cases()


# ----------------------------------------------------------------------------------
# SSD's prior and detection operators (numpy reference from tools/mxnet/multibox_reference.py).

def mb():
    import multibox_reference
    return multibox_reference


def _multibox_cases():
    for variant, shape, params in (
            ("defaults", (1, 2, 4, 5), {}),
            ("sizes_ratios", (1, 2, 4, 4), dict(sizes=(0.3, 0.5), ratios=(1.0, 2.0, 0.5))),
            ("clip_steps_offsets", (1, 2, 3, 5), dict(sizes=(0.6, 0.9), ratios=(1.0, 3.0), clip=True,
                                                     steps=(0.25, 0.2), offsets=(0.4, 0.6))),
            ("non_square_map", (1, 3, 2, 6), dict(sizes=(0.4,), ratios=(1.0, 2.0)))):
        def prior(n, shape=shape, params=params):
            x, a = n.data(shape)
            y = n.op("_contrib_MultiBoxPrior", [x], "anchors", **params)
            gold = mb().multibox_prior(shape, **{k: v for k, v in params.items()})
            return [y], [gold]
        case("MultiBoxPrior_" + variant)(prior)

    def detection_inputs(n, num_anchors, num_classes, spread=3.0):
        # cls_prob of softmax(logits) over classes; loc offsets; anchors from a prior
        logits = normal(n.rng, (1, num_classes + 1, num_anchors), spread)
        e = np.exp(logits - logits.max(axis=1, keepdims=True))
        prob = (e / e.sum(axis=1, keepdims=True)).astype(np.float32)
        loc = normal(n.rng, (1, num_anchors * 4), 0.5)
        return prob, loc

    for variant, params in (
            ("defaults", {}),
            ("threshold_nms_topk", dict(threshold=0.2, nms_threshold=0.45, nms_topk=6)),
            ("force_suppress_no_clip", dict(force_suppress=True, clip=False, nms_threshold=0.3,
                                            threshold=0.05)),
            ("variances_background_id", dict(variances=(0.2, 0.2, 0.1, 0.1), background_id=0,
                                             threshold=0.1))):
        def det(n, params=params):
            shape = (1, 2, 3, 4)
            anchors = mb().multibox_prior(shape, sizes=(0.3, 0.6), ratios=(1.0, 2.0))
            na = anchors.shape[1]
            prob, loc = detection_inputs(n, na, 3)
            p, pa = n.data(value=prob, name="cls_prob")
            l_, la = n.data(value=loc, name="loc_pred")
            an, aa = n.data(value=anchors, name="anchors")
            y = n.op("_contrib_MultiBoxDetection", [p, l_, an], "detection", **params)
            kw = dict(params)
            gold = mb().multibox_detection(pa, la, aa, **kw)
            return [y], [gold]
        case("MultiBoxDetection_" + variant)(det)


def check_detection_margins(out, prob, params, gap=1e-6, margin=1e-4):
    """For a network whose scores and boxes are computed (not given): kept scores must be
    apart from each other by `gap` and from threshold by `margin`, and no two output
    boxes may have an IoU within `margin` of nms_threshold, so that a kernel's float32
    rounding cannot reorder, drop or suppress a different box."""
    thr = params.get("threshold", 0.01)
    best = prob[0, 1:].max(axis=0)
    if np.min(np.abs(best - thr)) < margin:
        raise SystemExit("detection: a score within %g of threshold" % margin)
    rows = out[0][out[0][:, 1] >= 0]
    kept = np.sort(rows[:, 1])
    if len(kept) > 1 and np.min(np.diff(kept)) < gap:
        raise SystemExit("detection: two kept scores within %g" % gap)
    nms = params.get("nms_threshold", 0.5)
    b = rows[:, 2:6].astype(np.float64)
    area = (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])
    iw = np.minimum(b[:, None, 2], b[None, :, 2]) - np.maximum(b[:, None, 0], b[None, :, 0])
    ih = np.minimum(b[:, None, 3], b[None, :, 3]) - np.maximum(b[:, None, 1], b[None, :, 1])
    inter = np.maximum(iw, 0) * np.maximum(ih, 0)
    iou = inter / np.maximum(area[:, None] + area[None, :] - inter, 1e-12)
    np.fill_diagonal(iou, 0)
    if np.any(np.abs(iou - nms) < margin):
        raise SystemExit("detection: an IoU within %g of nms_threshold" % margin)
    return len(rows)


_multibox_cases()


# ----------------------------------------------------------------------------------
# Whole networks (in networks.py-like helpers below).

def torch_calibrated(model, shape, batches=8, batch=4, seed=0):
    """BatchNorm running statistics from random batches (plain average), then eval."""
    import torch
    torch.manual_seed(seed)
    for m in model.modules():
        if isinstance(m, torch.nn.modules.batchnorm._BatchNorm):
            m.reset_running_stats()
            m.momentum = None
    model.train()
    with torch.no_grad():
        for _ in range(batches):
            model(torch.randn((batch,) + tuple(shape[1:])))
    model.eval()
    return model


def t2n(t):
    return t.detach().numpy().astype(np.float32).copy()


def torch_golden(model, a):
    """The model's output in float64 (weights as stored: float32 values)."""
    import torch
    m = model.double()
    with torch.no_grad():
        out = m(torch.from_numpy(a.astype(np.float64)))
    model.float()
    return out.numpy() if not isinstance(out, (tuple, list)) else [o.numpy() for o in out]


class GluonNames(object):
    """Gluon's naming: <prefix><kind><count>_fwd nodes, <prefix><kind><count>_<param>."""

    def __init__(self, n, prefix):
        self.n = n
        self.prefix = prefix
        self.count = {}

    def name(self, kind):
        i = self.count.get(kind, 0)
        self.count[kind] = i + 1
        return "%s%s%d" % (self.prefix, kind, i)

    def conv(self, x, conv, prefix=None):
        """A torch Conv2d as Gluon's Conv2D."""
        base = (prefix or self.prefix) + "conv%d" % self._bump(prefix, "conv")
        w = t2n(conv.weight)
        ins = [x, self.n.param(base + "_weight", w)]
        if conv.bias is not None:
            ins.append(self.n.param(base + "_bias", t2n(conv.bias)))
        self._write_back(conv.weight, w)
        y = self.n.op("Convolution", ins, base + "_fwd", kernel=tuple(conv.kernel_size),
                      stride=tuple(conv.stride), dilate=tuple(conv.dilation), pad=tuple(conv.padding),
                      num_filter=conv.out_channels, num_group=conv.groups,
                      no_bias=conv.bias is None, layout="NCHW")
        if conv.bias is not None:
            self._write_back(conv.bias, self.n.arg[base + "_bias"])
        return y

    def bn(self, x, bn, prefix=None):
        base = (prefix or self.prefix) + "batchnorm%d" % self._bump(prefix, "batchnorm")
        arrs = [t2n(bn.weight), t2n(bn.bias), t2n(bn.running_mean), t2n(bn.running_var)]
        ins = [x, self.n.param(base + "_gamma", arrs[0]), self.n.param(base + "_beta", arrs[1]),
               self.n.aux_state(base + "_running_mean", arrs[2]),
               self.n.aux_state(base + "_running_var", arrs[3])]
        for t, a in zip((bn.weight, bn.bias, bn.running_mean, bn.running_var), arrs):
            self._write_back(t, a)
        return self.n.op("BatchNorm", ins, base + "_fwd", num_outputs=3, axis=1, eps=bn.eps,
                         momentum=0.9, fix_gamma=False, use_global_stats=False)

    def dense(self, x, fc, prefix=None):
        base = (prefix or self.prefix) + "dense%d" % self._bump(prefix, "dense")
        w, b = t2n(fc.weight), t2n(fc.bias)
        ins = [x, self.n.param(base + "_weight", w), self.n.param(base + "_bias", b)]
        self._write_back(fc.weight, w)
        self._write_back(fc.bias, b)
        return self.n.op("FullyConnected", ins, base + "_fwd", num_hidden=fc.out_features,
                         no_bias=False, flatten=True)

    def _bump(self, prefix, kind):
        key = (prefix or self.prefix, kind)
        i = self.count.get(key, 0)
        self.count[key] = i + 1
        return i

    def _write_back(self, t, a):
        # float16 params: the torch module must hold the rounded values too
        import torch
        with torch.no_grad():
            t.copy_(torch.from_numpy(np.asarray(a, np.float32)))


def _resnet18(n):
    """Gluon model zoo resnet18_v1 as HybridBlock.export writes it (prefix resnetv10_,
    stage<k>_ inside stages, _plus/activation nodes), weights of a calibrated torchvision
    resnet18 (the same architecture: BasicBlockV1, 1x1 downsample)."""
    import torch
    import torchvision
    torch.manual_seed(h32("resnet18"))
    model = torch_calibrated(torchvision.models.resnet18(weights=None), (1, 3, 224, 224))
    x, a = n.data((1, 3, 224, 224))
    gn = GluonNames(n, "resnetv10_")
    y = gn.conv(x, model.conv1)
    y = gn.bn(y, model.bn1)
    y = n.op("Activation", [y], "resnetv10_relu0_fwd", act_type="relu")
    y = n.op("Pooling", [y], "resnetv10_pool0_fwd", kernel=(3, 3), stride=(2, 2), pad=(1, 1),
             pool_type="max", global_pool=False, pooling_convention="valid", cudnn_off=False)
    for s, layer in enumerate((model.layer1, model.layer2, model.layer3, model.layer4), 1):
        sp = "resnetv10_stage%d_" % s
        for bi, block in enumerate(layer):
            r = y
            z = gn.conv(y, block.conv1, sp)
            z = gn.bn(z, block.bn1, sp)
            z = n.op("Activation", [z], sp + "relu%d_fwd" % bi, act_type="relu")
            z = gn.conv(z, block.conv2, sp)
            z = gn.bn(z, block.bn2, sp)
            if block.downsample is not None:
                r = gn.conv(y, block.downsample[0], sp)
                r = gn.bn(r, block.downsample[1], sp)
            z = n.op("elemwise_add", [r, z], sp + "_plus%d" % bi)
            y = n.op("Activation", [z], sp + "activation%d" % bi, act_type="relu")
    y = n.op("Pooling", [y], "resnetv10_pool1_fwd", kernel=(1, 1), global_pool=True, pool_type="avg",
             pooling_convention="valid", cudnn_off=False)
    y = gn.dense(y, model.fc)
    return [y], [torch_golden(model, a)]


def _mobilenet(n):
    """Gluon model zoo MobileNet v1 (multiplier 0.25: mobilenet0.25, prefix mobilenet0_):
    conv-bn-relu, then 13 depthwise (num_group = channels) + pointwise pairs, global
    average pool, Flatten, Dense."""
    import torch
    nn = torch.nn
    torch.manual_seed(h32("mobilenet"))
    mult = 0.25
    dw_channels = [int(x * mult) for x in [32, 64] + [128] * 2 + [256] * 2 + [512] * 6 + [1024]]
    channels = [int(x * mult) for x in [64] + [128] * 2 + [256] * 2 + [512] * 6 + [1024] * 2]
    strides = [1, 2] * 3 + [1] * 5 + [2, 1]
    layers = [nn.Conv2d(3, int(32 * mult), 3, 2, 1, bias=False), nn.BatchNorm2d(int(32 * mult)), nn.ReLU()]
    for dwc, c, s in zip(dw_channels, channels, strides):
        layers += [nn.Conv2d(dwc, dwc, 3, s, 1, groups=dwc, bias=False), nn.BatchNorm2d(dwc), nn.ReLU(),
                   nn.Conv2d(dwc, c, 1, 1, 0, bias=False), nn.BatchNorm2d(c), nn.ReLU()]
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(channels[-1], 1000)]
    model = torch_calibrated(nn.Sequential(*layers), (1, 3, 224, 224))
    x, a = n.data((1, 3, 224, 224))
    gn = GluonNames(n, "mobilenet0_")
    y = x
    relu = 0
    for m in model:
        if isinstance(m, nn.Conv2d):
            y = gn.conv(y, m)
        elif isinstance(m, nn.BatchNorm2d):
            y = gn.bn(y, m)
        elif isinstance(m, nn.ReLU):
            y = n.op("Activation", [y], "mobilenet0_relu%d_fwd" % relu, act_type="relu")
            relu += 1
        elif isinstance(m, nn.AdaptiveAvgPool2d):
            y = n.op("Pooling", [y], "mobilenet0_pool0_fwd", kernel=(1, 1), global_pool=True,
                     pool_type="avg", pooling_convention="valid", cudnn_off=False)
        elif isinstance(m, nn.Flatten):
            y = n.op("Flatten", [y], "mobilenet0_flatten0_flatten0")
        else:
            y = gn.dense(y, m)
    return [y], [torch_golden(model, a)]


def _vgg(n):
    """A VGG-style Module-API network (conv1_1 ... names, arg:/aux: params): 3x3 conv +
    relu blocks, Pooling_v1 max 2x2 stride 2 with pooling_convention full (odd maps round
    up), fc6/fc7 with Dropout, fc8, SoftmaxOutput with its softmax_label."""
    import torch
    nn = torch.nn
    torch.manual_seed(h32("vgg"))
    cfg = [(1, [8, 8]), (2, [16, 16]), (3, [24, 24, 24]), (4, [32, 32])]
    x, a = n.data((1, 3, 36, 36))
    y = x
    torch_layers = []
    cin = 3
    for block, widths in cfg:
        for j, c in enumerate(widths, 1):
            conv = nn.Conv2d(cin, c, 3, 1, 1)
            name = "conv%d_%d" % (block, j)
            w, b = t2n(conv.weight), t2n(conv.bias)
            y = n.op("Convolution", [y, n.param(name + "_weight", w), n.param(name + "_bias", b)], name,
                     kernel=(3, 3), pad=(1, 1), num_filter=c)
            with torch.no_grad():
                conv.weight.copy_(torch.from_numpy(w))
                conv.bias.copy_(torch.from_numpy(b))
            y = n.op("Activation", [y], "relu%d_%d" % (block, j), act_type="relu")
            torch_layers += [conv, nn.ReLU()]
            cin = c
        y = n.op("Pooling_v1", [y], "pool%d" % block, pool_type="max", kernel=(2, 2), stride=(2, 2),
                 pooling_convention="full")
        torch_layers.append(nn.MaxPool2d(2, 2, ceil_mode=True))
    y = n.op("Flatten", [y], "flatten_0")
    torch_layers.append(nn.Flatten())
    feat = cin * 3 * 3  # 36 -> 18 -> 9 -> 5 -> 3
    fcs = [(name, nn.Linear(fin, fout)) for name, fin, fout in
           (("fc6", feat, 64), ("fc7", 64, 64), ("fc8", 64, 10))]
    # fc8 scaled so the logits spread (std 2): a softmax of near-equal logits would be
    # nearly constant
    body = nn.Sequential(*(torch_layers + [fcs[0][1], nn.ReLU(), fcs[1][1], nn.ReLU()])).eval()
    feat8 = torch_golden(body, a)
    with torch.no_grad():
        probe = feat8 @ fcs[2][1].weight.detach().numpy().astype(np.float64).T
        k = 2.0 / max(1e-9, float(probe.std()))
        fcs[2][1].weight.mul_(k)
        fcs[2][1].bias.mul_(k)
    for name, fc in fcs:
        w, b = t2n(fc.weight), t2n(fc.bias)
        y = n.op("FullyConnected", [y, n.param(name + "_weight", w), n.param(name + "_bias", b)], name,
                 num_hidden=fc.out_features)
        torch_layers.append(fc)
        if name != "fc8":
            y = n.op("Activation", [y], "relu" + name[2:], act_type="relu")
            y = n.op("Dropout", [y], "drop" + name[2:], num_outputs=2, p=0.5)
            torch_layers += [nn.ReLU(), nn.Dropout(0.5)]
    y = n.op("SoftmaxOutput", [y, n.label("softmax_label")], "softmax")
    model = nn.Sequential(*torch_layers).eval()
    logits = torch_golden(model, a)
    # the Pooling_v1 reference agrees with PyTorch's ceil-mode pooling on this net
    check = ref.pooling_v1(np.arange(2 * 9 * 9, dtype=np.float32).reshape(1, 2, 9, 9) - 80, (2, 2),
                           "max", (2, 2), (0, 0), "full")
    tmax = torch.nn.functional.max_pool2d(
        torch.from_numpy(np.arange(2 * 9 * 9, dtype=np.float64).reshape(1, 2, 9, 9) - 80), 2, 2,
        ceil_mode=True).numpy()
    assert np.array_equal(check, tmax)
    return [y], [ref.softmax(logits, axis=1)]


def _squeezenet(n):
    """Gluon model zoo squeezenet1.1 (prefix squeezenet0_), a network the issue did not
    name: Fire modules (1x1 squeeze, 1x1 and 3x3 expand joined by Concat), max pools with
    ceil_mode (pooling_convention full) on overlapping 3x3/2 windows, Dropout, a 1x1
    classifier conv, AvgPool2D(13) as a plain 13x13 window, Flatten. Weights of
    torchvision's squeezenet1_1 (the same network), the classifier scaled so the logits
    spread."""
    import torch
    import torchvision
    torch.manual_seed(h32("squeezenet"))
    model = torchvision.models.squeezenet1_1(weights=None).eval()
    final = model.classifier[1]
    a_probe = np.random.RandomState(h32("squeezenet_probe")).uniform(-1, 1, (1, 3, 224, 224))
    spread = float(torch_golden(model, a_probe.astype(np.float32)).std())
    with torch.no_grad():
        final.weight.mul_(1.0 / max(1e-9, spread))
        final.bias.mul_(1.0 / max(1e-9, spread))
    x, a = n.data((1, 3, 224, 224))
    gn = GluonNames(n, "squeezenet0_")

    def relu(y):
        return n.op("Activation", [y], gn.name("relu") + "_fwd", act_type="relu")

    def pool(y):
        return n.op("Pooling", [y], gn.name("pool") + "_fwd", kernel=(3, 3), stride=(2, 2),
                    pool_type="max", pooling_convention="full", global_pool=False, cudnn_off=False)

    y = x
    for m in model.features:
        if isinstance(m, torch.nn.Conv2d):
            y = gn.conv(y, m)
        elif isinstance(m, torch.nn.ReLU):
            y = relu(y)
        elif isinstance(m, torch.nn.MaxPool2d):
            y = pool(y)
        else:  # Fire
            s = relu(gn.conv(y, m.squeeze))
            e1 = relu(gn.conv(s, m.expand1x1))
            e3 = relu(gn.conv(s, m.expand3x3))
            y = n.op("Concat", [e1, e3], gn.name("concat"), dim=1, num_args=2)
    y = n.op("Dropout", [y], gn.name("dropout") + "_fwd", num_outputs=2, p=0.5, axes="()",
             cudnn_off=False)
    y = relu(gn.conv(y, final))
    y = n.op("Pooling", [y], gn.name("pool") + "_fwd", kernel=(13, 13), stride=(13, 13),
             pool_type="avg", pooling_convention="valid", global_pool=False, cudnn_off=False)
    y = n.op("Flatten", [y], gn.name("flatten") + "_flatten0")
    return [y], [torch_golden(model, a)]


case("net_resnet18_v1_gluon", fmt=("1.x", "v2", True), param_dtype="float32",
     prefix="resnet18_v1")(_resnet18)
case("net_mobilenet0_25_gluon", fmt=("1.x", "v3", False), param_dtype="float32",
     prefix="mobilenet0.25")(_mobilenet)
case("net_vgg_pooling_v1_full_module", fmt=("pre1.0", "v1", True), param_dtype="float32",
     prefix="vgg")(_vgg)
case("net_squeezenet1_1_gluon", fmt=("1.x", "v2", False), param_dtype="float32",
     prefix="squeezenet1.1")(_squeezenet)


def tmods_wrapper(body):
    import torch
    nn = torch.nn

    class Body(nn.Module):
        def __init__(self):
            super().__init__()
            self.mods = nn.ModuleList([m for pair in body for m in pair])

        def forward(self, x):
            for i in range(0, len(self.mods), 2):
                x = torch.relu(self.mods[i + 1](self.mods[i](x)))
            return x
    return Body()


SSD_SCALE = 3.0


def _ssd_net(n):
    import torch
    import torch.nn.functional as F
    nn = torch.nn
    torch.manual_seed(h32("ssd"))
    num_classes = 3
    sizes = [(0.1, 0.141), (0.2, 0.272), (0.37, 0.447), (0.54, 0.619)]
    ratios = [(1.0, 2.0, 0.5)] * 4
    x, a = n.data((1, 3, 32, 32))
    widths = [(8, 2), (16, 2), (16, 1), (24, 2), (24, 2)]  # (channels, stride)
    body = []
    cin = 3
    for c, s in widths:
        body.append((nn.Conv2d(cin, c, 3, s, 1, bias=False), nn.BatchNorm2d(c)))
        cin = c
    torch_calibrated(tmods_wrapper(body), (1, 3, 32, 32))
    gn = GluonNames(n, "")
    y = x
    feats, tfeats = [], []
    ty = torch.from_numpy(a.astype(np.float64))
    with torch.no_grad():
        for i, (conv, bn) in enumerate(body):
            y = gn.conv(y, conv, "body%d_" % i)
            y = gn.bn(y, bn, "body%d_" % i)
            y = n.op("Activation", [y], "body%d_relu" % i, act_type="relu")
            ty = F.relu(bn.double()(conv.double()(ty)))
            if i >= 2:
                feats.append(y)
                tfeats.append(ty.numpy())
        y = n.op("Pooling", [y], "pool_last", kernel=(2, 2), stride=(2, 2), pool_type="max")
        feats.append(y)
        tfeats.append(F.max_pool2d(ty, 2, 2).numpy())
    locs, clss, ancs = [], [], []
    tloc, tcls, tanc = [], [], []
    for k, (f, tf) in enumerate(zip(feats, tfeats)):
        name = "multi_feat_%d" % k
        na = len(sizes[k]) + len(ratios[k]) - 1
        c = tf.shape[1]
        for kind, nf, layers, tl in (("loc", na * 4, locs, tloc),
                                     ("cls", na * (num_classes + 1), clss, tcls)):
            w = normal(n.rng, (nf, c, 3, 3), 1.0)
            b = normal(n.rng, (nf,), 0.1)
            # scale the weights so the head's outputs have std ~1 (loc) / SSD_SCALE (cls)
            probe = ref.convolution(tf, w, b, pad=(1, 1))
            scale = (SSD_SCALE if kind == "cls" else 0.5) / max(1e-9, float(probe.std()))
            w *= np.float32(scale)
            b *= np.float32(scale)
            wv = n.param("%s_%s_pred_conv_weight" % (name, kind), w)
            bv = n.param("%s_%s_pred_conv_bias" % (name, kind), b)
            conv = n.op("Convolution", [f, wv, bv], "%s_%s_pred_conv" % (name, kind), kernel=(3, 3),
                        pad=(1, 1), stride=(1, 1), num_filter=nf)
            t = n.op("transpose", [conv], "%s_%s_pred_transpose" % (name, kind), axes=(0, 2, 3, 1))
            layers.append(n.op("Flatten", [t], "%s_%s_pred_flatten" % (name, kind)))
            tv = ref.convolution(tf, w, b, pad=(1, 1))
            tl.append(tv.transpose(0, 2, 3, 1).reshape(1, -1))
        anc = n.op("_contrib_MultiBoxPrior", [f], "%s_anchors" % name, sizes=sizes[k], ratios=ratios[k],
                   clip=False, steps=(-1.0, -1.0), offsets=(0.5, 0.5))
        ancs.append(n.op("Flatten", [anc], "%s_anchors_flatten" % name))
        tanc.append(mb().multibox_prior(tf.shape, sizes=sizes[k], ratios=ratios[k]).reshape(1, -1))
    loc = n.op("Concat", locs, "multibox_loc_pred", num_args=len(locs), dim=1)
    cls = n.op("Concat", clss, "multibox_cls_pred_concat", num_args=len(clss), dim=1)
    cls = n.op("Reshape", [cls], "multibox_cls_pred_reshape", shape=(0, -1, num_classes + 1))
    cls = n.op("transpose", [cls], "multibox_cls_pred", axes=(0, 2, 1))
    anchors = n.op("Concat", ancs, "multibox_anchors_concat", num_args=len(ancs), dim=1)
    anchors = n.op("Reshape", [anchors], "multibox_anchors", shape=(0, -1, 4))
    prob = n.op("softmax", [cls], "cls_prob", axis=1)
    det = n.op("_contrib_MultiBoxDetection", [prob, loc, anchors], "detection", nms_threshold=0.45,
               force_suppress=False, variances=(0.1, 0.1, 0.2, 0.2), nms_topk=400, threshold=0.5)
    t_loc = np.concatenate(tloc, axis=1)
    t_cls = np.concatenate(tcls, axis=1).reshape(1, -1, num_classes + 1).transpose(0, 2, 1)
    t_anc = np.concatenate(tanc, axis=1).reshape(1, -1, 4)
    t_prob = ref.softmax(t_cls, axis=1).astype(np.float32)
    params = dict(clip=True, threshold=0.5, background_id=0, nms_threshold=0.45,
                  force_suppress=False, variances=(0.1, 0.1, 0.2, 0.2), nms_topk=400)
    gold = mb().multibox_detection(t_prob, t_loc.astype(np.float32), t_anc, **params)
    check_detection_margins(gold, t_prob, params)
    # the class probabilities and the anchors as heads too: a wrong detection is easier
    # to locate from them
    return [det, prob, anchors], [gold, t_prob, t_anc]


case("net_ssd_multibox", fmt=("1.x", "v2", True), param_dtype="float32", prefix="ssd_32")(_ssd_net)


# ----------------------------------------------------------------------------------
# Format coverage: the same small model in every generation x layout x naming and each
# params dtype, beside the per-case choices.

def _format_cases():
    def small(n):
        x, a = n.data((1, 3, 5, 6))
        w = normal(n.rng, (4, 3, 3, 3), 0.5)
        b = normal(n.rng, (4,))
        gamma, beta = uniform(n.rng, (4,), 0.5, 2.0), normal(n.rng, (4,))
        mean, var = normal(n.rng, (4,)), uniform(n.rng, (4,), 0.5, 2.0)
        y = n.op("Convolution", [x, n.param("conv0_weight", w), n.param("conv0_bias", b)], "conv0",
                 kernel=(3, 3), pad=(1, 1), num_filter=4)
        y = n.op("BatchNorm", [y, n.param("bn0_gamma", gamma), n.param("bn0_beta", beta),
                               n.aux_state("bn0_moving_mean", mean), n.aux_state("bn0_moving_var", var)],
                 "bn0", num_outputs=3, fix_gamma=False, eps=1e-5)
        y = n.op("Activation", [y], "relu0", act_type="relu")
        gold = ref.activation(ref.batch_norm(ref.convolution(a, w, b, pad=(1, 1)), gamma, beta, mean, var,
                                             1e-5, False), "relu")
        return [y], [gold]
    for gen, layout, prefixed in FORMATS:
        for dtype in ("float32", "float16", "float64"):
            if dtype != "float32" and (gen, prefixed) != ("1.x", True):
                continue
            name = "format_%s_%s_%s_%s" % (gen.replace(".", ""), layout,
                                           "prefixed" if prefixed else "bare", dtype)
            case(name, fmt=(gen, layout, prefixed), param_dtype=dtype)(small)


_format_cases()


# ----------------------------------------------------------------------------------
# Error cases. Lines the loader already prints are exact; the frontend's are written
# from compiler/diagnostics' builders, to be aligned with the frontend's wording.

NOT_IMPLEMENTED = "Compilation Error: OperatorNotImplemented: The following operators are not implemented: "
REQUIRED = "Compilation Error: OperatorAttributeRequired: "
VALUE_NOT_VALID = "Compilation Error: OperatorAttributeValueNotValid: "
ATTR_NOT_IMPLEMENTED = "Compilation Error: OperatorAttributeNotImplemented: "
MALFORMED = "Malformed input error: "
INPUT_CONFIG = "Load Error: InputConfiguration: "


def _conv_relu(n, **raw_or_params):
    x, _ = n.data((1, 3, 5, 6))
    w = normal(n.rng, (4, 3, 3, 3), 0.5)
    y = n.op("Convolution", [x, n.param("conv0_weight", w)], "conv0", **raw_or_params)
    return [n.op("Activation", [y], "relu0", act_type="relu")]


# The spec's own example, word for word. compiler/diagnostics lists the operators in
# case-insensitive order ('_' before letters of either case), as the spec does.
@error_case("error_unsupported_sample_multinomial_rnn", 30,
            NOT_IMPLEMENTED + "{'_sample_multinomial', 'RNN'}")
def _multinomial_rnn(n):
    x, _ = n.data((5, 1, 4))
    params = normal(n.rng, (2 * 4 * (4 + 4 + 2),), 0.1)
    state = n.data((1, 1, 4), name="state")[0]
    rnn = n.op("RNN", [x, n.param("rnn_parameters", params), state], "rnn0", state_size=4,
               num_layers=1, mode="rnn_tanh", num_outputs=1)
    f = n.op("Flatten", [rnn], "flat0")
    p = n.op("softmax", [f], "prob0")
    return [n.op("_sample_multinomial", [p], "sample0", shape=(1,))]


@error_case("error_unsupported_three_operators", 30,
            NOT_IMPLEMENTED + "{'_contrib_ROIAlign', '_linalg_gemm2', 'Correlation'}")
def _three(n):
    x, _ = n.data((1, 3, 8, 8))
    rois = n.data((2, 5), name="rois")[0]
    a = n.op("Activation", [x], "relu0", act_type="relu")
    c = n.op("Correlation", [a, x], "corr0", kernel_size=1, max_displacement=1, pad_size=1)
    r = n.op("_contrib_ROIAlign", [c, rois], "roi0", pooled_size=(2, 2), spatial_scale=1.0)
    f = n.op("Flatten", [r], "flat0")
    return [n.op("_linalg_gemm2", [f, f], "gemm0", transpose_b=True)]


@error_case("error_convolution_missing_kernel", 32,
            REQUIRED + "Required attribute kernel not found in Convolution.")
def _no_kernel(n):
    return _conv_relu(n, num_filter=4, no_bias=True)


@error_case("error_pooling_v1_missing_kernel", 32,
            REQUIRED + "Required attribute kernel not found in Pooling_v1.")
def _no_kernel_v1(n):
    x, _ = n.data((1, 3, 5, 6))
    return [n.op("Pooling_v1", [x], "pool0", pool_type="max", stride=(2, 2))]


@error_case("error_convolution_num_filter_not_int", 33,
            VALUE_NOT_VALID + "The value of attribute num_filter in operator Convolution is not "
            "an integer: 'four'.")
def _bad_int(n):
    return _conv_relu(n, kernel=(3, 3), no_bias=True, raw={"num_filter": "four"})


@error_case("error_convolution_kernel_not_tuple", 33,
            VALUE_NOT_VALID + "The value of attribute kernel in operator Convolution is not a "
            "tuple of integers: '(3, x)'.")
def _bad_tuple(n):
    return _conv_relu(n, num_filter=4, no_bias=True, raw={"kernel": "(3, x)"})


@error_case("error_activation_act_type_unknown", 33,
            VALUE_NOT_VALID + "The value of attribute act_type in operator Activation is not one "
            "of 'relu', 'sigmoid', 'tanh', 'softrelu', 'softsign', 'log_sigmoid', 'mish': 'swish'.")
def _bad_choice(n):
    x, _ = n.data((1, 3, 5, 6))
    return [n.op("Activation", [x], "act0", act_type="swish")]


# Valid MXNet that a compiled model cannot reproduce or that no kernel here runs.
@error_case("error_convolution_layout_nhwc", 31,
            ATTR_NOT_IMPLEMENTED + "layout NHWC is not supported in Convolution.")
def _conv_nhwc(n):
    return _conv_relu(n, kernel=(3, 3), num_filter=4, no_bias=True, layout="NHWC")


@error_case("error_pooling_lp", 31, ATTR_NOT_IMPLEMENTED + "pool_type lp is not supported in Pooling.")
def _pool_lp(n):
    x, _ = n.data((1, 3, 6, 6))
    return [n.op("Pooling", [x], "pool0", kernel=(2, 2), pool_type="lp", p_value=2)]


@error_case("error_dropout_mode_always", 31,
            ATTR_NOT_IMPLEMENTED + "mode always is not supported in Dropout.")
def _dropout_always(n):
    x, _ = n.data((1, 3, 6, 6))
    return [n.op("Dropout", [x], "drop0", p=0.5, mode="always")]


@error_case("error_variable_without_param_or_shape", 40,
            MALFORMED + "Variable 'fc0_bias' of model-symbol.json has no array in "
            "model-0000.params and no entry in the data shape.")
def _missing_param(n):
    x, _ = n.data((2, 6))
    w = normal(n.rng, (3, 6))
    return [n.op("FullyConnected", [x, n.param("fc0_weight", w), n.g.var("fc0_bias")], "fc0",
                 num_hidden=3)]


def _fc_model(n):
    x, _ = n.data((2, 6))
    w = normal(n.rng, (3, 6))
    b = normal(n.rng, (3,))
    return [n.op("FullyConnected", [x, n.param("fc0_weight", w), n.param("fc0_bias", b)], "fc0",
                 num_hidden=3)]


def _truncated(symbol, params):
    # cut inside the last array's elements (fc0_bias, 3 float32): 6 of its 12 bytes are
    # left, the name list is gone (the names follow the arrays, so a reader can only
    # number the array)
    names = sum(8 + len(k) for k in ("arg:fc0_weight", "arg:fc0_bias")) + 8
    return {"model-symbol.json": symbol, "model-0000.params": params[:len(params) - names - 6]}


def _bad_magic(symbol, params):
    return {"model-symbol.json": symbol, "model-0000.params": b"\x13\x01" + params[2:]}


def _not_json(symbol, params):
    return {"model-symbol.json": b"this is not JSON\n", "model-0000.params": params}


error_case("error_params_truncated", 40,
           MALFORMED + "model-0000.params: array 1: 12 bytes of data expected, 6 left",
           fmt=("1.x", "v2", True), param_dtype="float32", files=_truncated)(_fc_model)
error_case("error_params_bad_magic", 40,
           MALFORMED + "model-0000.params: not an MXNet NDArray list (the first 8 bytes are not 0x112)",
           fmt=("1.x", "v2", True), param_dtype="float32", files=_bad_magic)(_fc_model)
error_case("error_symbol_not_json", 40,
           MALFORMED + "model-symbol.json: not JSON: at line 1, column 2: syntax error while parsing "
           "value - invalid literal; last read: 'th'",
           fmt=("1.x", "v2", True), param_dtype="float32", files=_not_json)(_fc_model)
error_case("error_data_shape_unknown_input", 40,
           MALFORMED + "input 'image' in the data shape is not an input of the model; the "
           "model's inputs are: 'data'", data_shape='{"data":[2,6],"image":[2,6]}')(_fc_model)
# The loader's rules, checked before any frontend runs.
error_case("error_two_symbol_files", 20,
           INPUT_CONFIG + "Exactly one .json file is allowed for MXNet model.",
           files=lambda s, p: {"a-symbol.json": s, "b-symbol.json": s, "a-0000.params": p})(_fc_model)
error_case("error_two_params_files", 20,
           INPUT_CONFIG + "Exactly one .params file is allowed for MXNet model.",
           files=lambda s, p: {"a-symbol.json": s, "a-0000.params": p, "a-0001.params": p})(_fc_model)
error_case("error_no_params_file", 20,
           INPUT_CONFIG + "Exactly one .params file is allowed for MXNet model.",
           files=lambda s, p: {"a-symbol.json": s})(_fc_model)


# ----------------------------------------------------------------------------------
# Inventory, status, cases.bzl.

STATUS_HEADER = """\
# Status of every MXNet test case (see docs/mxnet-cases.md).
#   <case>\\tpass     model case: compiled by the build and compared with its goldens
#   <case>\\terror    error case: neoc must fail with the case's exact line and exit code
#   <case>\\ttodo     not compiled by the build (model or error case)
# An optional third column is a note. After editing, run
#   /usr/bin/python3 tools/mxnet/make_cases.py write_bzl
# or flip in one step: make_cases.py flip pass <case>...
# tools/mxnet/try_cases.sh shows which todo cases pass with the current neoc.
"""

def spec_operators(path):
    return case_status.spec_operators(path, "mxnet", SPEC_COUNT)


def check_coverage(spec):
    used = set()
    formats = {}
    dtypes = {}
    for c in CASES:
        if c.kind == "model":
            used |= set(c.ops())
            formats[c.fmt] = formats.get(c.fmt, 0) + 1
            dtypes[c.param_dtype] = dtypes.get(c.param_dtype, 0) + 1
    missing = [op for op in spec if op not in used]
    if missing:
        raise SystemExit("no model case uses: %s" % ", ".join(missing))
    thin = [f for f in FORMATS if formats.get(f, 0) < MIN_PER_FORMAT]
    if thin:
        raise SystemExit("fewer than %d model cases in format(s): %s" % (MIN_PER_FORMAT, thin))
    for d in ("float16", "float64"):
        if dtypes.get(d, 0) < MIN_PER_FORMAT:
            raise SystemExit("fewer than %d model cases with %s params" % (MIN_PER_FORMAT, d))
    return formats, dtypes


def inventory_digest():
    h = hashlib.sha256()
    for c in CASES:
        h.update(json.dumps(c.metadata(), sort_keys=True).encode())
        for name, data in sorted(c.members().items()):
            h.update(name.encode())
            h.update(hashlib.sha256(data).digest())
    return h.hexdigest()


def render_bzl(merged, digest):
    out = ['"""Generated by tools/mxnet/make_cases.py write_bzl: do not edit.\n\n'
           "The MXNet test cases: per case its kind (model or error), symbol generation,\n"
           ".params layout and naming, params dtype, data_shape, input/output dtypes,\n"
           "operators, the expected error line of error cases, and the status from\n"
           'status.txt."""\n\n',
           "DIGEST = %s\n\n" % json.dumps(digest), "CASES = [\n"]
    keys = ["name", "status", "kind", "generation", "layout", "prefixed", "param_dtype",
            "data_shape", "num_inputs", "num_outputs", "input_dtypes", "output_dtypes", "ops",
            "exit_code", "expected"]
    for c in CASES:
        m = c.metadata()
        m["status"] = merged[c.name][0]
        out.append("    {\n")
        for k in keys:
            if k in m:
                v = m[k]
                out.append("        %s: %s,\n" % (json.dumps(k), "True" if v is True else "False"
                                                  if v is False else json.dumps(v)))
        out.append("    },\n")
    out.append("]\n")
    return "".join(out)


def check_cases(args):
    def check():
        names = [c.name for c in CASES]
        if len({n.lower() for n in names}) != len(set(names)):
            raise SystemExit("case names differing only in case")
        bad = [n for n in names
               if not n.replace("_", "a").isalnum() or not n.isascii() or n[0].isdigit()]
        if bad:
            raise SystemExit("case names must be C++ identifiers (mx_cases::<case>): %s" % bad)
        check_coverage(spec_operators(args.spec))
    return check


def cmd_inventory(args):
    spec = spec_operators(args.spec)
    formats, dtypes = check_coverage(spec)
    counts = {}
    for c in CASES:
        if c.kind == "model":
            for op in c.ops():
                counts[op] = counts.get(op, 0) + 1
    for op in spec + sorted(set(counts) - set(spec)):
        print("%s\t%d%s" % (op, counts.get(op, 0), "" if op in spec else "\t(not in the spec)"))
    for f in FORMATS:
        print("format %s %s %s\t%d" % (f[0], f[1], "prefixed" if f[2] else "bare", formats.get(f, 0)))
    for d in sorted(dtypes):
        print("params %s\t%d" % (d, dtypes[d]))
    print("model cases\t%d\nerror cases\t%d" % (
        sum(c.kind == "model" for c in CASES), sum(c.kind == "error" for c in CASES)))


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("command", choices=["emit", "write_bzl", "check", "flip", "list", "inventory"])
    p.add_argument("to", nargs="?", help="flip: the new status")
    p.add_argument("cases", nargs="*", help="flip: the cases")
    p.add_argument("--spec", default=DEFAULT_SPEC)
    p.add_argument("--bzl", default=DEFAULT_BZL)
    p.add_argument("--status", default=DEFAULT_STATUS)
    p.add_argument("--out_dir")
    p.add_argument("--expect_digest", default="")
    args = p.parse_args()
    if args.command == "emit" and not args.out_dir:
        p.error("emit needs --out_dir")
    if args.command == "flip" and args.to not in case_status.STATUSES:
        p.error("flip <pass|error|todo> <case>...")
    np.seterr(all="raise", under="ignore")
    suite = case_status.Suite("tools/mxnet/make_cases.py", CASES, STATUS_HEADER, render_bzl,
                              inventory_digest, check_cases(args))
    return {"emit": suite.emit, "write_bzl": suite.write_bzl, "check": suite.check,
            "flip": suite.flip, "list": suite.list, "inventory": cmd_inventory}[args.command](args) or 0


if __name__ == "__main__":
    sys.exit(main())
