"""Exports a randomly initialised torchvision classifier as a Neo ONNX tarball.

Usage:
  /usr/bin/python3 export_torchvision.py --model resnet18 \
      --out_tar resnet18.tar.gz --out_input resnet18_input.npy \
      --out_golden resnet18_golden.npy [--opset 13]

Writes:
  out_tar     a .tar.gz holding exactly one top-level <model>.onnx, input "data"
              [1,3,224,224] float32, output "output" [1,1000] float32
  out_input   the float32 input the golden was computed from (standard normal)
  out_golden  PyTorch's output for out_input, model in eval mode

No weights are downloaded: the architecture is built with weights=None and its
BatchNorm running statistics are calibrated on random batches, so activations
keep a unit-ish scale through the network and the golden is far from constant
(a golden of near-equal numbers would let a broken compiler pass). All three
files are byte-identical from run to run: seeds are fixed, PyTorch runs on one
thread with deterministic algorithms, and the tarball's metadata is pinned.
"""

import argparse
import io
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy as np  # noqa: E402
import onnx  # noqa: E402
import torch  # noqa: E402
import torchvision  # noqa: E402

import deterministic_tar  # noqa: E402

MODELS = ("squeezenet1_1", "mobilenet_v2", "resnet18", "resnet50",
          # Beyond the four: the classifiers the benchmark covers (testdata/BUILD).
          "efficientnet_b0", "densenet121", "shufflenet_v2_x1_0", "mobilenet_v3_large",
          "mnasnet1_0", "regnet_y_400mf", "googlenet", "resnext50_32x4d")
INPUT_SHAPE = (1, 3, 224, 224)
CALIBRATION_BATCHES = 8
CALIBRATION_BATCH_SIZE = 4
# The golden must vary far more than any tolerance a test will use (1e-4).
MIN_GOLDEN_STD = 1e-2


def build_model(name, input_shape=INPUT_SHAPE, **kwargs):
    """torchvision `name` (weights=None, constructor `kwargs`), BatchNorm calibrated on
    random batches shaped like `input_shape`, in eval mode."""
    model = getattr(torchvision.models, name)(weights=None, **kwargs)
    # momentum=None makes BatchNorm keep a plain cumulative average, so after the
    # calibration batches the running stats are the batches' true mean/variance.
    for module in model.modules():
        if isinstance(module, torch.nn.modules.batchnorm._BatchNorm):
            module.reset_running_stats()
            module.momentum = None
    model.train()
    with torch.no_grad():
        for _ in range(CALIBRATION_BATCHES):
            model(torch.randn(CALIBRATION_BATCH_SIZE, *input_shape[1:]))
    model.eval()
    return model


# Classifiers whose torchvision head is drawn from N(0, 0.01^2): mobilenet_v3_large's
# logits then span 0.08, too little for check_spread. Their head is re-drawn.
REDRAW_HEAD = {"mobilenet_v3_large"}


def redraw_heads(model):
    """The last Linear of a classifier from N(0, 1/fan_in): torchvision zero-initialises
    ViT's head and draws Swin's, ConvNeXt's and MaxViT's from N(0, 0.02^2), which leaves
    logits too close together for a golden to mean anything."""
    linears = [m for m in model.modules() if isinstance(m, torch.nn.Linear)]
    if linears:
        head = linears[-1]
        with torch.no_grad():
            head.weight.normal_(0.0, 1.0 / math.sqrt(head.in_features))
            if head.bias is not None:
                head.bias.normal_(0.0, 0.1)


def export_onnx(model, example, opset):
    buf = io.BytesIO()
    torch.onnx.export(model, example, buf, opset_version=opset,
                      input_names=["data"], output_names=["output"],
                      do_constant_folding=True, export_params=True)
    proto = onnx.load_from_string(buf.getvalue())
    onnx.checker.check_model(proto)
    return buf.getvalue()


def check_spread(golden, name):
    spread = float(golden.max() - golden.min())
    std = float(golden.std())
    if not (std > MIN_GOLDEN_STD and spread > 10 * MIN_GOLDEN_STD):
        sys.exit(f"export_torchvision: {name} golden is nearly constant "
                 f"(max-min={spread:g}, std={std:g}); refusing to write it")
    return spread, std


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", required=True, choices=MODELS)
    parser.add_argument("--out_tar", required=True)
    parser.add_argument("--out_input", required=True)
    parser.add_argument("--out_golden", required=True)
    parser.add_argument("--opset", type=int, default=13)
    args = parser.parse_args()

    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    torch.manual_seed(0)
    np.random.seed(0)

    model = build_model(args.model)
    if args.model in REDRAW_HEAD:
        redraw_heads(model)
    data = np.random.standard_normal(INPUT_SHAPE).astype(np.float32)
    example = torch.from_numpy(data)
    with torch.no_grad():
        golden = model(example).numpy().astype(np.float32)
    spread, std = check_spread(golden, args.model)

    onnx_bytes = export_onnx(model, example, args.opset)
    deterministic_tar.write_file(
        args.out_tar,
        deterministic_tar.files_tar_gz([(args.model + ".onnx", onnx_bytes)]))
    np.save(args.out_input, data)
    np.save(args.out_golden, golden)
    print(f"export_torchvision: {args.model} opset {args.opset}: "
          f"onnx {len(onnx_bytes)} bytes, golden {list(golden.shape)} "
          f"max-min={spread:.4g} std={std:.4g}")


if __name__ == "__main__":
    main()
