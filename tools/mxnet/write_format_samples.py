"""Writes sample MXNet files with mxnet_format.py for //compiler/frontends/mxnet's
format_samples_test, which reads them with the C++ readers: a .params file for every
layout, prefixed and bare, holding every type flag we read; the same graph as a 1.x and a
pre-1.0 symbol; and a model tarball of the two.

    write_format_samples.py OUT_DIR

The values are chosen to be exact in float32 so the reader's conversions can be checked
for equality; format_samples_test.cc repeats them.
"""

import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import mxnet_format as mxf  # noqa: E402


def arrays(layout):
    arg = {
        "conv0_weight": (np.arange(6, dtype=np.float32) * 0.5).reshape(2, 3, 1, 1),
        "conv0_bias": np.array([0.5, -1.25], dtype=np.float16),
        "fc_weight": np.array([[1.5, -2.0], [0.125, 1024.0]], dtype=np.float64),
        "steps": np.array([1 << 40, -5], dtype=np.int64),
    }
    aux = {
        "bn_moving_var": np.array([1, -2, 3], dtype=np.int32),
        "q": np.array([-128, 127], dtype=np.int8),
        "pix": np.array([0, 255], dtype=np.uint8),
        "flag": np.array([True, False]),
        "unused": None,  # a none array: read, and left out
    }
    if layout == "v3":
        aux["scalar"] = np.array(7.5, dtype=np.float32)  # only v3 has 0-d arrays
    return arg, aux


def graph():
    g = mxf.Symbol()
    data = g.var("data")
    w = g.var("conv0_weight", attrs={"__shape__": "(2, 3, 1, 1)"})
    b = g.var("conv0_bias")
    conv = g.op("Convolution", [data, w, b], name="conv0", kernel=(1, 1), num_filter=2,
                no_bias=False, pad=(0, 0), stride=(1,))
    bn_vars = [g.var(n) for n in ("bn_gamma", "bn_beta", "bn_moving_mean", "bn_moving_var")]
    bn = g.op("BatchNorm", [conv] + bn_vars, name="bn", num_outputs=3, eps=1e-05,
              momentum=0.9, fix_gamma=False, axis=None)
    split = g.op("SliceChannel", [bn], name="split", num_outputs=2, axis=1)
    act = g.op("LeakyReLU", [split.out(1)], name="act", attrs={"__ctx_group__": "dev1"},
               act_type="leaky", slope=0.25)
    pool = g.op("Pooling", [act], name="pool", raw={"kernel": "(3, x)"}, pool_type="max")
    return g, [pool, split.out(0)]


def main(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    files = {}
    for layout in mxf.LAYOUTS:
        arg, aux = arrays(layout)
        for prefixed in (True, False):
            name = "params_%s_%s.params" % (layout, "prefixed" if prefixed else "bare")
            files[name] = mxf.params_bytes(arg=arg, aux=aux, layout=layout, prefixed=prefixed)
    g, heads = graph()
    files["symbol_1x.json"] = g.json(heads=heads, generation="1.x", version=10500).encode()
    files["symbol_pre10.json"] = g.json(heads=heads, generation="pre1.0").encode()
    model = {"model-symbol.json": files["symbol_1x.json"],
             "model-0000.params": files["params_v2_prefixed.params"]}
    files["model.tar.gz"] = mxf.tarball_bytes(model)
    assert mxf.tarball_bytes(model) == files["model.tar.gz"], "tarball not deterministic"
    for name, data in sorted(files.items()):
        with open(os.path.join(out_dir, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
