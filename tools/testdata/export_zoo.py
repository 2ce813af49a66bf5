"""Exports a randomly initialised modern model (vision transformers, ConvNeXt, recent
CNNs, segmentation networks, a BERT-style encoder) as a Neo ONNX or PyTorch tarball.

Usage:
  /usr/bin/python3 export_zoo.py --model vit_b_16 --format onnx --opset 17 \\
      --out_tar vit_b_16_opset17.tar.gz --out_input vit_b_16_input.npy \\
      --out_golden vit_b_16_golden.npy
  /usr/bin/python3 export_zoo.py --model deeplabv3_mobilenet_v3_large --format torchscript \\
      --out_tar ... --out_input ... --out_golden ...

--opset 0 takes the exporter's default (opset 14 for torch 1.13), as a user who does
not pass opset_version gets.

Writes:
  out_tar     onnx: a .tar.gz holding exactly one top-level <model>.onnx, one input
              "data", one output "output" (segmentation: the "out" entry of the model's
              dict).
              torchscript: one top-level <model>.pth, the model traced in eval mode
              (strict=False, so segmentation models keep returning their dict) and
              torch.jit.save'd; the trace loaded back must reproduce the golden.
  out_input   the input the golden was computed from: float32 standard normal images,
              or int64 token ids for the text encoder (with padding zeros at the end)
  out_golden  PyTorch's eager eval-mode output for out_input, float32 (computed in
              float64 for the networks of FLOAT64_GOLDEN)

Nothing is downloaded (weights=None). BatchNorm statistics are calibrated on random
batches; torchvision's zero-initialised heads (ViT) and tiny-std ones (Swin, ConvNeXt,
MaxViT, their N(0, 0.02) truncated normal) are re-drawn from a seeded normal with
std 1/sqrt(fan_in), so the golden's spread is far above any tolerance (check_spread
refuses it otherwise). Byte-identical from run to run: fixed seeds, one thread,
deterministic algorithms, pinned tarball metadata.

The "*_mini" models are the same architectures (torchvision's own classes) at a few
layers and small widths: the default test suite compiles them; the full-size ones are
tagged manual (hundreds of MB of weights each).
"""

import argparse
import io
import math
import os
import sys
from functools import partial

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy as np  # noqa: E402
import onnx  # noqa: E402
import torch  # noqa: E402
import torchvision  # noqa: E402
from torchvision.models import convnext, maxvit, swin_transformer, vision_transformer  # noqa: E402

import deterministic_tar  # noqa: E402
import export_torchvision  # noqa: E402

IMAGE = (1, 3, 224, 224)
TOKENS = (1, 16)
VOCAB = 1000


class TextClassifier(torch.nn.Module):
    """A BERT-style classifier: token and position embeddings, a post-norm
    TransformerEncoder with a padding mask from the ids (0 is padding), mean pooling
    over the real tokens, a linear head."""

    def __init__(self, d_model=64, heads=4, layers=2, classes=5):
        super().__init__()
        self.embed = torch.nn.Embedding(VOCAB, d_model, padding_idx=0)
        self.position = torch.nn.Parameter(torch.randn(1, TOKENS[1], d_model) * 0.1)
        layer = torch.nn.TransformerEncoderLayer(d_model, heads, dim_feedforward=4 * d_model,
                                                 dropout=0.0, activation="gelu",
                                                 batch_first=True)
        # No nested tensors: their fast path drops the padded positions from the output.
        self.encoder = torch.nn.TransformerEncoder(layer, layers, enable_nested_tensor=False)
        self.head = torch.nn.Linear(d_model, classes)

    def forward(self, ids):
        padding = ids == 0
        x = self.encoder(self.embed(ids) + self.position, src_key_padding_mask=padding)
        keep = (~padding).unsqueeze(-1).to(x.dtype)
        return self.head((x * keep).sum(1) / keep.sum(1))


class CausalLanguageModel(torch.nn.Module):
    """A GPT-style decoder: token and position embeddings, pre-norm blocks under a causal
    float mask (libtorch's slow attention path: baddbmm with the mask), a final LayerNorm
    and the next-token logits of the last position. Each block's weights are perturbed
    apart (TransformerEncoder deep-copies one layer)."""

    def __init__(self, d_model=48, heads=4, layers=2):
        super().__init__()
        self.embed = torch.nn.Embedding(VOCAB, d_model)
        self.position = torch.nn.Parameter(torch.randn(1, TOKENS[1], d_model) * 0.1)
        layer = torch.nn.TransformerEncoderLayer(d_model, heads, dim_feedforward=2 * d_model,
                                                 dropout=0.0, batch_first=True, norm_first=True)
        self.blocks = torch.nn.TransformerEncoder(layer, layers, enable_nested_tensor=False)
        with torch.no_grad():
            for p in self.blocks.parameters():
                p.add_(torch.randn_like(p) * 0.05)
        self.norm = torch.nn.LayerNorm(d_model)
        self.head = torch.nn.Linear(d_model, VOCAB)
        causal = torch.triu(torch.full((TOKENS[1], TOKENS[1]), float("-inf")), diagonal=1)
        self.register_buffer("causal", causal)

    def forward(self, ids):
        x = self.blocks(self.embed(ids) + self.position, mask=self.causal)
        return self.head(self.norm(x))[:, -1]


def vit_mini():
    return vision_transformer.VisionTransformer(
        image_size=224, patch_size=32, num_layers=2, num_heads=4, hidden_dim=64, mlp_dim=128)


def swin_mini():
    return swin_transformer.SwinTransformer(
        patch_size=[4, 4], embed_dim=24, depths=[2, 2, 2, 2], num_heads=[2, 2, 4, 4],
        window_size=[7, 7])


def swin_v2_mini():
    return swin_transformer.SwinTransformer(
        patch_size=[4, 4], embed_dim=24, depths=[2, 2, 2, 2], num_heads=[2, 2, 4, 4],
        window_size=[8, 8], block=swin_transformer.SwinTransformerBlockV2,
        downsample_layer=swin_transformer.PatchMergingV2)


def convnext_mini():
    setting = [convnext.CNBlockConfig(16, 32, 1), convnext.CNBlockConfig(32, 64, 1),
               convnext.CNBlockConfig(64, 128, 1), convnext.CNBlockConfig(128, None, 1)]
    return convnext.ConvNeXt(setting)


def maxvit_mini():
    return maxvit.MaxVit(input_size=(224, 224), stem_channels=16, partition_size=7,
                         block_channels=[16, 32], block_layers=[1, 1], head_dim=8,
                         stochastic_depth_prob=0.0)


def segmentation(name):
    return partial(getattr(torchvision.models.segmentation, name), weights=None,
                   weights_backbone=None)


# name -> (constructor, input kind)
MODELS = {
    "mobilenet_v3_large": (partial(torchvision.models.mobilenet_v3_large, weights=None), "image"),
    "efficientnet_v2_s": (partial(torchvision.models.efficientnet_v2_s, weights=None), "image"),
    "convnext_tiny": (partial(torchvision.models.convnext_tiny, weights=None), "image"),
    "swin_t": (partial(torchvision.models.swin_t, weights=None), "image"),
    "vit_b_16": (partial(torchvision.models.vit_b_16, weights=None), "image"),
    "maxvit_t": (partial(torchvision.models.maxvit_t, weights=None), "image"),
    "fcn_resnet50": (segmentation("fcn_resnet50"), "image"),
    "deeplabv3_mobilenet_v3_large": (segmentation("deeplabv3_mobilenet_v3_large"), "image"),
    "vit_mini": (vit_mini, "image"),
    "swin_mini": (swin_mini, "image"),
    "convnext_mini": (convnext_mini, "image"),
    "maxvit_mini": (maxvit_mini, "image"),
    "text_encoder": (TextClassifier, "tokens"),
    "gpt_mini": (CausalLanguageModel, "tokens"),
    "swin_v2_mini": (swin_v2_mini, "image"),
}


class OutputOf(torch.nn.Module):
    """The "out" tensor of a segmentation model's dict."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, x):
        out = self.model(x)
        return out["out"] if isinstance(out, dict) else out


def calibrate(model, kind):
    """BatchNorm running statistics from random batches (see export_torchvision)."""
    norms = [m for m in model.modules() if isinstance(m, torch.nn.modules.batchnorm._BatchNorm)]
    if not norms or kind != "image":
        return
    for m in norms:
        m.reset_running_stats()
        m.momentum = None
    model.train()
    with torch.no_grad():
        for _ in range(export_torchvision.CALIBRATION_BATCHES):
            model(torch.randn(2, *IMAGE[1:]))


# Networks whose float32 result is itself off by more than a CNN test's atol (1e-4): the
# golden is computed in float64. fcn_resnet50: PyTorch's float32 output differs from its
# float64 one by 1.7e-4 (62 elements beyond atol 1e-4, rtol 1e-3), so no float32
# implementation can be held to its float32 golden at 1e-4; against float64, the
# compiled model errs by 1.7e-4 as well (measured 2026-12-05).
FLOAT64_GOLDEN = {"fcn_resnet50"}


def make_input(kind):
    if kind == "tokens":
        ids = np.random.randint(1, VOCAB, size=TOKENS).astype(np.int64)
        ids[:, -3:] = 0  # padding at the end exercises the mask
        return ids
    return np.random.standard_normal(IMAGE).astype(np.float32)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", required=True, choices=sorted(MODELS))
    parser.add_argument("--format", choices=["onnx", "torchscript"], default="onnx")
    parser.add_argument("--opset", type=int, default=0, help="onnx: 0 is the exporter's default")
    parser.add_argument("--out_tar", required=True)
    parser.add_argument("--out_input", required=True)
    parser.add_argument("--out_golden", required=True)
    args = parser.parse_args()

    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    torch.manual_seed(0)
    np.random.seed(0)

    build, kind = MODELS[args.model]
    model = build()
    calibrate(model, kind)
    if not args.model.startswith(("fcn_", "deeplabv3_")):
        export_torchvision.redraw_heads(model)
    model = OutputOf(model).eval()

    data = make_input(kind)
    example = torch.from_numpy(data)
    with torch.no_grad():
        if args.model in FLOAT64_GOLDEN:
            golden = model.double()(example.double()).numpy().astype(np.float32)
            model.float()
        else:
            golden = model(example).numpy().astype(np.float32)
    spread, std = export_torchvision.check_spread(golden, args.model)
    if args.format == "torchscript":
        write_torchscript(args, model.model, example, golden)
    else:
        write_onnx(args, model, example)
    np.save(args.out_input, data)
    np.save(args.out_golden, golden)
    print(f"export_zoo: {args.model} {args.format}: golden {list(golden.shape)} "
          f"max-min={spread:.4g} std={std:.4g}")


def write_torchscript(args, model, example, golden):
    """The model itself, not OutputOf: a traced segmentation model returns its dict, as
    a user's would. The golden is the dict's "out" entry (the only one without aux_loss)."""
    with torch.no_grad():
        traced = torch.jit.trace(model, example, strict=False, check_trace=False)
    buf = io.BytesIO()
    torch.jit.save(traced, buf)
    buf.seek(0)
    with torch.no_grad():
        out = torch.jit.load(buf)(example)
    if isinstance(out, dict):
        if list(out) != ["out"]:
            sys.exit(f"export_zoo: {args.model} returns {list(out)}, expected only 'out'")
        out = out["out"]
    # The golden may be float64's; the reloaded trace runs float32 like any user's.
    tolerance = 3e-4 if args.model in FLOAT64_GOLDEN else 1e-5
    diff = float(np.abs(out.numpy() - golden).max())
    if diff > tolerance:
        sys.exit(f"export_zoo: the reloaded trace of {args.model} differs by {diff}")
    deterministic_tar.write_file(
        args.out_tar,
        deterministic_tar.files_tar_gz([(args.model + ".pth", buf.getvalue())]))


def write_onnx(args, model, example):

    buf = io.BytesIO()
    kwargs = {} if args.opset == 0 else {"opset_version": args.opset}
    torch.onnx.export(model, example, buf, input_names=["data"], output_names=["output"],
                      do_constant_folding=True, **kwargs)
    proto = onnx.load_from_string(buf.getvalue())
    onnx.checker.check_model(proto)
    deterministic_tar.write_file(
        args.out_tar,
        deterministic_tar.files_tar_gz([(args.model + ".onnx", buf.getvalue())]))
    print(f"export_zoo: {args.model} opset {proto.opset_import[0].version}: "
          f"onnx {len(buf.getvalue())} bytes")


if __name__ == "__main__":
    main()
