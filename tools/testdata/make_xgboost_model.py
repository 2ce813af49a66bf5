"""Trains one XGBoost model of the test zoo and writes it with its test data.

    make_xgboost_model.py --model NAME --out_dir DIR

writes into DIR:
    NAME.tar.gz              Neo tarball: NAME.model in XGBoost's legacy binary format
    NAME_json.tar.gz         Neo tarball: NAME.model holding the same booster as JSON
    NAME.model, NAME.json    the two files themselves (for the reader tests)
    NAME_input.npy           float32 [rows, features] test rows, NaN where missing
    NAME_predictions.npy     float32 Booster.predict(DMatrix(input))
    NAME_margin.npy          float32 Booster.predict(..., output_margin=True)

Debian's python3-xgboost (1.7.4) trains on scikit-learn's bundled data sets, or on
synthetic data for the benchmark models; seeds and nthread=1 make it deterministic.
"""

import argparse
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy as np  # noqa: E402
import xgboost as xgb  # noqa: E402
from sklearn import datasets  # noqa: E402

import deterministic_tar  # noqa: E402

# name: (data set, params, rounds, fraction of values made missing)
MODELS = {
    "bc_logistic": ("breast_cancer", {"objective": "binary:logistic", "max_depth": 4}, 50, 0.1),
    "bc_logitraw": ("breast_cancer", {"objective": "binary:logitraw", "max_depth": 3}, 30, 0.0),
    "bc_hinge": ("breast_cancer", {"objective": "binary:hinge", "max_depth": 3}, 20, 0.05),
    "bc_dart": ("breast_cancer", {"objective": "binary:logistic", "booster": "dart",
                                  "max_depth": 3, "rate_drop": 0.3, "skip_drop": 0.2,
                                  "base_score": 0.3}, 30, 0.1),
    "bc_rank": ("breast_cancer", {"objective": "rank:pairwise", "max_depth": 4}, 20, 0.05),
    "diabetes_squarederror": ("diabetes", {"objective": "reg:squarederror", "max_depth": 6,
                                           "base_score": 150.0}, 100, 0.1),
    "diabetes_logistic": ("diabetes01", {"objective": "reg:logistic", "max_depth": 3}, 40, 0.0),
    "diabetes_poisson": ("diabetes", {"objective": "count:poisson", "max_depth": 4}, 40, 0.1),
    "diabetes_gamma": ("diabetes", {"objective": "reg:gamma", "max_depth": 3}, 40, 0.0),
    "diabetes_tweedie": ("diabetes", {"objective": "reg:tweedie", "max_depth": 3,
                                      "tweedie_variance_power": 1.3}, 40, 0.05),
    "diabetes_deep": ("diabetes", {"objective": "reg:squarederror", "max_depth": 16,
                                   "min_child_weight": 0, "tree_method": "exact"}, 10, 0.1),
    "diabetes_forest": ("diabetes", {"objective": "reg:squarederror", "max_depth": 5,
                                     "num_parallel_tree": 8, "subsample": 0.7,
                                     "colsample_bynode": 0.7, "learning_rate": 1.0}, 1, 0.1),
    "digits_softprob": ("digits", {"objective": "multi:softprob", "num_class": 10,
                                   "max_depth": 4}, 20, 0.05),
    "digits_softmax": ("digits", {"objective": "multi:softmax", "num_class": 10,
                                  "max_depth": 3}, 10, 0.0),
    "wine_forest": ("wine", {"objective": "multi:softprob", "num_class": 3, "max_depth": 4,
                             "num_parallel_tree": 4, "subsample": 0.8,
                             "colsample_bynode": 0.8}, 5, 0.1),
    "iris_dart": ("iris", {"objective": "multi:softprob", "num_class": 3, "booster": "dart",
                           "max_depth": 3, "rate_drop": 0.5}, 10, 0.1),
    # The exact method on continuous data: hundreds of distinct thresholds per feature (the
    # lane walk's ranking widens its buckets past hist's 255), missing values sent both
    # ways, and runs of sixteen full-depth trees.
    "exact_synthetic": ("synthetic8", {"objective": "binary:logistic", "max_depth": 6,
                                       "tree_method": "exact", "learning_rate": 0.05},
                        96, 0.05),
    # Benchmark models (synthetic data, 100,000 test rows).
    # Noisy labels and a small learning rate keep late trees full (about 170 of 511
    # possible nodes at depth 8), as in real models.
    "bench_small": ("synthetic", {"objective": "binary:logistic", "max_depth": 6,
                                  "tree_method": "hist", "learning_rate": 0.05}, 100, 0.0),
    "bench_large": ("synthetic", {"objective": "binary:logistic", "max_depth": 8,
                                  "tree_method": "hist", "learning_rate": 0.05}, 1000, 0.0),
}


def load(name, rng):
    """(train X, train y, test X) as float32; test rows are every fourth sample."""
    if name == "synthetic":
        x, y = datasets.make_classification(n_samples=20000, n_features=32, n_informative=20,
                                            flip_y=0.1, random_state=0)
        test = rng.standard_normal((100000, 32)).astype(np.float32) * 2
        return x.astype(np.float32), y, test
    if name == "synthetic8":
        x, y = datasets.make_classification(n_samples=20000, n_features=8, n_informative=6,
                                            flip_y=0.1, random_state=1)
        test = rng.standard_normal((4000, 8)).astype(np.float32) * 2
        return x.astype(np.float32), y, test
    loader = {"breast_cancer": datasets.load_breast_cancer, "diabetes": datasets.load_diabetes,
              "diabetes01": datasets.load_diabetes, "digits": datasets.load_digits,
              "wine": datasets.load_wine, "iris": datasets.load_iris}[name]
    x, y = loader(return_X_y=True)
    x = x.astype(np.float32)
    if name == "diabetes01":
        y = (y - y.min()) / (y.max() - y.min())
    test = np.arange(len(x)) % 4 == 0
    return x[~test], y[~test], x[test]


def inject_missing(x, fraction, rng):
    if fraction > 0:
        x = x.copy()
        x[rng.random(x.shape) < fraction] = np.nan
    return x


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", required=True, choices=sorted(MODELS))
    parser.add_argument("--out_dir", required=True)
    args = parser.parse_args()
    data, params, rounds, missing = MODELS[args.model]
    rng = np.random.default_rng(7)
    x, y, test = load(data, rng)
    x = inject_missing(x, missing, rng)
    test = inject_missing(test, missing, rng)
    params = dict(params, seed=0, nthread=1)
    train = xgb.DMatrix(x, label=y, missing=np.nan)
    if params["objective"].startswith("rank:"):
        train.set_group([len(y) // 4, len(y) // 4, len(y) - 2 * (len(y) // 4)])
    booster = xgb.train(params, train, num_boost_round=rounds)

    out = os.path.join(args.out_dir, args.model)
    with tempfile.TemporaryDirectory() as tmp:
        booster.save_model(os.path.join(tmp, "m.model"))  # legacy binary (".model")
        booster.save_model(os.path.join(tmp, "m.json"))
        binary = open(os.path.join(tmp, "m.model"), "rb").read()
        text = open(os.path.join(tmp, "m.json"), "rb").read()
    assert binary[:4] == b"binf", "expected XGBoost's legacy binary format"
    name = args.model + ".model"
    deterministic_tar.write_file(out + ".tar.gz", deterministic_tar.files_tar_gz([(name, binary)]))
    deterministic_tar.write_file(out + "_json.tar.gz",
                                 deterministic_tar.files_tar_gz([(name, text)]))
    deterministic_tar.write_file(out + ".model", binary)
    deterministic_tar.write_file(out + ".json", text)

    dtest = xgb.DMatrix(test, missing=np.nan)
    np.save(out + "_input.npy", test.astype(np.float32))
    np.save(out + "_predictions.npy", booster.predict(dtest).astype(np.float32))
    np.save(out + "_margin.npy", booster.predict(dtest, output_margin=True).astype(np.float32))


if __name__ == "__main__":
    main()
