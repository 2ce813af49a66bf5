"""Exports a randomly initialised torchvision classifier as a Neo PyTorch tarball.

Usage:
  /usr/bin/python3 export_torchscript.py --model resnet18 \\
      --out_tar resnet18.tar.gz --out_input resnet18_input.npy \\
      --out_golden resnet18_golden.npy

Writes:
  out_tar     a .tar.gz holding exactly one top-level <model>.pth: the model traced
              with torch.jit.trace in eval mode and saved with torch.jit.save
              (TorchScript, weights included); input [1,3,224,224] float32
              ([1,3,299,299] for inception_v3), output [1,1000] float32
  out_input   the float32 input the golden was computed from (standard normal)
  out_golden  PyTorch's eager output for out_input, model in eval mode

The model is built and its BatchNorm statistics calibrated by export_torchvision's
build_model (weights=None, nothing downloaded), so the golden is far from constant;
the script refuses a golden whose spread is too small (check_spread) and checks that
the saved TorchScript, loaded back, reproduces it. All three files are byte-identical
from run to run: fixed seeds, one torch thread, deterministic algorithms, pinned
tarball metadata.
"""

import argparse
import io
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy as np  # noqa: E402
import torch  # noqa: E402

import deterministic_tar  # noqa: E402
import export_torchvision  # noqa: E402

# name -> (input shape, constructor arguments)
MODELS = {
    "resnet18": ((1, 3, 224, 224), {}),
    "resnet50": ((1, 3, 224, 224), {}),
    "mobilenet_v2": ((1, 3, 224, 224), {}),
    "mobilenet_v3_large": ((1, 3, 224, 224), {}),
    "squeezenet1_1": ((1, 3, 224, 224), {}),
    "densenet121": ((1, 3, 224, 224), {}),
    "shufflenet_v2_x1_0": ((1, 3, 224, 224), {}),
    "efficientnet_b0": ((1, 3, 224, 224), {}),
    "vgg11_bn": ((1, 3, 224, 224), {}),
    # No auxiliary classifier: in eval mode it is unused, and the trace leaves it out.
    # PyTorch's default initialisation: torchvision's truncated-normal one makes logits of
    # std 1.9, whose float32 rounding (2e-4 against float64) exceeds the test's atol.
    "inception_v3": ((1, 3, 299, 299), {"aux_logits": False, "init_weights": False}),
}


# torchvision initialises these classifiers' Linear layers with N(0, 0.01), which leaves
# the logits within about 0.1 of each other; PyTorch's default Linear initialisation
# (reset_parameters) gives them a spread far above any test tolerance. The Linear layers
# come after every BatchNorm, so the calibration stays valid.
DEFAULT_LINEAR_INIT = {"mobilenet_v3_large", "efficientnet_b0"}


def traced_pth(model, example):
    with torch.no_grad():
        traced = torch.jit.trace(model, example)
    buf = io.BytesIO()
    torch.jit.save(traced, buf)
    return buf.getvalue()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", required=True, choices=sorted(MODELS))
    parser.add_argument("--out_tar", required=True)
    parser.add_argument("--out_input", required=True)
    parser.add_argument("--out_golden", required=True)
    args = parser.parse_args()

    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    torch.manual_seed(0)
    np.random.seed(0)

    shape, kwargs = MODELS[args.model]
    model = export_torchvision.build_model(args.model, shape, **kwargs)
    if args.model in DEFAULT_LINEAR_INIT:
        for module in model.modules():
            if isinstance(module, torch.nn.Linear):
                module.reset_parameters()
    data = np.random.standard_normal(shape).astype(np.float32)
    example = torch.from_numpy(data)
    with torch.no_grad():
        golden = model(example).numpy().astype(np.float32)
    spread, std = export_torchvision.check_spread(golden, args.model)

    pth = traced_pth(model, example)
    with torch.no_grad():
        reloaded = torch.jit.load(io.BytesIO(pth))(example).numpy()
    if not np.allclose(reloaded, golden, atol=1e-5, rtol=1e-4):
        sys.exit(f"export_torchscript: {args.model}: the saved TorchScript does not "
                 f"reproduce the eager output (max diff {np.abs(reloaded - golden).max():g})")

    deterministic_tar.write_file(
        args.out_tar, deterministic_tar.files_tar_gz([(args.model + ".pth", pth)]))
    np.save(args.out_input, data)
    np.save(args.out_golden, golden)
    print(f"export_torchscript: {args.model}: pth {len(pth)} bytes, golden "
          f"{list(golden.shape)} max-min={spread:.4g} std={std:.4g}")


if __name__ == "__main__":
    main()
