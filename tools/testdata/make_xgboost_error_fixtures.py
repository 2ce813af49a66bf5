"""Writes XGBoost tarballs that neoc must refuse, each with a known Neo error.

    make_xgboost_error_fixtures.py --good GOOD.model --out_dir DIR

    too_big.tar.gz       a 496-byte legacy binary file whose one tree claims 2^32-1 nodes
    truncated.tar.gz     GOOD.model cut to its first 1000 bytes
    garbage.tar.gz       a .model that is neither format
    gblinear.tar.gz      a real gblinear booster (binary format)
    categorical.tar.gz   a real booster with categorical splits (JSON)
    two_models.tar.gz    two .model files
"""

import argparse
import os
import struct
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy as np  # noqa: E402
import xgboost as xgb  # noqa: E402

import deterministic_tar  # noqa: E402


def legacy_header(num_nodes):
    learner = struct.pack("<fIi", 0.5, 4, 0) + bytes(136 - 12)
    text = b""
    for s in (b"reg:squarederror", b"gbtree"):
        text += struct.pack("<Q", len(s)) + s
    gbtree = struct.pack("<i", 1) + bytes(160 - 4)
    tree = struct.pack("<iI", 1, num_nodes) + bytes(148 - 8)
    return b"binf" + learner + text + gbtree + tree


def trained(params, x, y, fmt, **dmatrix):
    booster = xgb.train(dict(params, seed=0, nthread=1), xgb.DMatrix(x, label=y, **dmatrix), 3)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "m." + fmt)
        booster.save_model(path)
        return open(path, "rb").read()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--good", required=True)
    parser.add_argument("--out_dir", required=True)
    args = parser.parse_args()
    good = open(args.good, "rb").read()
    rng = np.random.default_rng(0)
    x = rng.random((200, 4)).astype(np.float32)
    y = (x[:, 0] > 0.5).astype(np.float32)
    xc = x.copy()
    xc[:, 1] = rng.integers(0, 5, 200)
    yc = np.isin(xc[:, 1], [1, 3]).astype(np.float32)  # only a categorical split explains it
    fixtures = {
        "too_big": [("m.model", legacy_header(0xffffffff))],
        "truncated": [("m.model", good[:1000])],
        "garbage": [("m.model", b"this is not a model\n")],
        "gblinear": [("m.model", trained({"booster": "gblinear"}, x, y, "model"))],
        "categorical": [("m.model", trained({"tree_method": "hist", "max_cat_to_onehot": 1},
                                            xc, yc, "json", enable_categorical=True,
                                            feature_types=["q", "c", "q", "q"]))],
        "two_models": [("a.model", good), ("b.model", good)],
    }
    for name, files in fixtures.items():
        deterministic_tar.write_file(os.path.join(args.out_dir, name + ".tar.gz"),
                                     deterministic_tar.files_tar_gz(files))


if __name__ == "__main__":
    main()
