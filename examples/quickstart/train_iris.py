"""Trains an iris classifier in one framework and saves it as Neo takes it.

Usage:
  /usr/bin/python3 examples/quickstart/train_iris.py --framework F --out_dir DIR
      [--proto_root R]   (tensorflow: where the TensorFlow proto modules are)

F is onnx, pytorch, tensorflow, mxnet or xgboost. Writes into DIR:
  iris.tar.gz      the model, packed as Neo wants it for F; input "x" float32 [1,4]
                   (sepal length, sepal width, petal length, petal width, in cm),
                   output: the three classes' probabilities [1,3]
  input.npy        float32 [1,4], one held-out flower
  golden.npy       float32 [1,3], the framework's probabilities for it
  flowers.txt      held-out flowers, one per line: four measurements and the class
                   the framework predicts ("setosa", "versicolor" or "virginica")

PyTorch trains the network itself (and exports it to TorchScript, or to ONNX). XGBoost
trains a booster. TensorFlow and MXNet have no Debian packages: their models are the
same network trained by scikit-learn, written in the framework's own file formats by
tools/tensorflow/graph_builder.py and tools/mxnet/mxnet_format.py, with numpy giving the
golden. Every run writes the same bytes (fixed seeds, one thread).
"""

import argparse
import io
import os
import sys

_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(_ROOT, "tools", "testdata"))

import numpy as np  # noqa: E402
from sklearn.datasets import load_iris  # noqa: E402

import deterministic_tar  # noqa: E402

CLASSES = ["setosa", "versicolor", "virginica"]
HIDDEN = 16


def iris_split():
    iris = load_iris()
    order = np.random.RandomState(0).permutation(len(iris.target))
    x = iris.data[order].astype(np.float32)
    y = iris.target[order].astype(np.int64)
    return x[:120], y[:120], x[120:], y[120:]


def torch_net(x, y):
    import torch
    torch.manual_seed(0)
    torch.set_num_threads(1)
    net = torch.nn.Sequential(torch.nn.Linear(4, HIDDEN), torch.nn.ReLU(),
                              torch.nn.Linear(HIDDEN, 3), torch.nn.Softmax(dim=1))
    opt = torch.optim.Adam(net.parameters(), lr=0.02)
    xt, yt = torch.from_numpy(x), torch.from_numpy(y)
    for _ in range(400):
        opt.zero_grad()
        # The last layer is Softmax: train on the log of its output.
        loss = torch.nn.functional.nll_loss(torch.log(net(xt) + 1e-9), yt)
        loss.backward()
        opt.step()
    return net.eval()


def sklearn_mlp(x, y):
    from sklearn.neural_network import MLPClassifier
    mlp = MLPClassifier(hidden_layer_sizes=(HIDDEN,), activation="relu", max_iter=3000,
                        random_state=0)
    mlp.fit(x, y)
    w1, w2 = [w.astype(np.float32) for w in mlp.coefs_]
    b1, b2 = [b.astype(np.float32) for b in mlp.intercepts_]
    return w1, b1, w2, b2


def numpy_forward(params, x):
    w1, b1, w2, b2 = params
    h = np.maximum(x @ w1 + b1, 0)
    z = h @ w2 + b2
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return (e / e.sum(axis=1, keepdims=True)).astype(np.float32)


def save_pytorch(x, y, onnx_export):
    import torch
    net = torch_net(x, y)
    example = torch.from_numpy(x[:1])
    buf = io.BytesIO()
    if onnx_export:
        torch.onnx.export(net, example, buf, input_names=["x"], output_names=["probs"],
                          opset_version=13)
        member = "iris.onnx"
    else:
        torch.jit.save(torch.jit.trace(net, example), buf)
        member = "iris.pth"
    def predict(rows):
        with torch.no_grad():
            return net(torch.from_numpy(rows)).numpy()
    return [(member, buf.getvalue())], predict


def save_tensorflow(x, y, proto_root):
    sys.path.insert(0, os.path.join(_ROOT, "tools", "tensorflow"))
    import graph_builder as gb
    gb.load_protos(graph_pb2_path=os.path.join(
        proto_root, "compiler/frontends/tensorflow/proto/graph_pb2.py"))
    params = sklearn_mlp(x, y)
    w1, b1, w2, b2 = params
    g = gb.GraphBuilder()
    t = g.placeholder("x", gb.FLOAT, [-1, 4])
    t = g.node("MatMul", "dense/MatMul", [t, g.const("dense/kernel", w1)], T=gb.FLOAT)
    t = g.node("BiasAdd", "dense/BiasAdd", [t, g.const("dense/bias", b1)], T=gb.FLOAT)
    t = g.node("Relu", "dense/Relu", [t], T=gb.FLOAT)
    t = g.node("MatMul", "logits/MatMul", [t, g.const("logits/kernel", w2)], T=gb.FLOAT)
    t = g.node("BiasAdd", "logits/BiasAdd", [t, g.const("logits/bias", b2)], T=gb.FLOAT)
    t = g.node("Softmax", "probs", [t], T=gb.FLOAT)
    g.outputs = [t]
    return [("iris.pb", g.serialize())], lambda rows: numpy_forward(params, rows)


def save_mxnet(x, y):
    sys.path.insert(0, os.path.join(_ROOT, "tools", "mxnet"))
    import mxnet_format as mf
    params = sklearn_mlp(x, y)
    w1, b1, w2, b2 = params
    s = mf.Symbol()
    t = s.var("x")
    # MXNet's FullyConnected keeps weights as [out, in].
    t = s.op("FullyConnected", [t, s.var("fc1_weight"), s.var("fc1_bias")], "fc1",
             num_hidden=HIDDEN)
    t = s.op("Activation", [t], "relu1", act_type="relu")
    t = s.op("FullyConnected", [t, s.var("fc2_weight"), s.var("fc2_bias")], "fc2", num_hidden=3)
    t = s.op("softmax", [t], "probs")
    arg = {"fc1_weight": w1.T.copy(), "fc1_bias": b1, "fc2_weight": w2.T.copy(), "fc2_bias": b2}
    files = [("iris-symbol.json", s.json([t]).encode()),
             ("iris-0000.params", mf.params_bytes(arg=arg))]
    return files, lambda rows: numpy_forward(params, rows)


def save_xgboost(x, y):
    import tempfile
    import xgboost as xgb
    booster = xgb.train({"objective": "multi:softprob", "num_class": 3, "max_depth": 3,
                         "eta": 0.3, "seed": 0, "nthread": 1},
                        xgb.DMatrix(x, label=y), num_boost_round=20)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "iris.json")
        booster.save_model(path)
        with open(path, "rb") as f:
            model = f.read()
    predict = lambda rows: booster.predict(xgb.DMatrix(rows)).astype(np.float32)  # noqa: E731
    return [("iris.model", model)], predict


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--framework", required=True,
                        choices=["onnx", "pytorch", "tensorflow", "mxnet", "xgboost"])
    parser.add_argument("--out_dir", required=True)
    parser.add_argument("--proto_root", default="")
    args = parser.parse_args()
    x, y, x_test, y_test = iris_split()
    if args.framework in ("onnx", "pytorch"):
        files, predict = save_pytorch(x, y, onnx_export=args.framework == "onnx")
    elif args.framework == "tensorflow":
        files, predict = save_tensorflow(x, y, args.proto_root)
    elif args.framework == "mxnet":
        files, predict = save_mxnet(x, y)
    else:
        files, predict = save_xgboost(x, y)

    probs = predict(x_test)
    accuracy = float((probs.argmax(axis=1) == y_test).mean())
    if accuracy < 0.9:
        sys.exit("train_iris: %s reached only %.3f held-out accuracy" % (args.framework, accuracy))
    out = lambda name: os.path.join(args.out_dir, name)  # noqa: E731
    deterministic_tar.write_file(out("iris.tar.gz"), deterministic_tar.files_tar_gz(files))
    np.save(out("input.npy"), x_test[:1])
    np.save(out("golden.npy"), probs[:1].astype(np.float32))
    with open(out("flowers.txt"), "w") as f:
        for row, p in zip(x_test[:8], probs[:8]):
            f.write("%s %s\n" % (" ".join("%.1f" % v for v in row), CLASSES[int(p.argmax())]))


if __name__ == "__main__":
    main()
