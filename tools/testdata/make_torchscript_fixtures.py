"""Writes the small TorchScript models and bad .pth tarballs the PyTorch tests use.

Usage: /usr/bin/python3 make_torchscript_fixtures.py --out_dir DIR

Models (each <name>.tar.gz with one <name>.pth, <name>_input<k>.npy, <name>_golden<k>.npy;
the goldens are PyTorch's eager outputs):
  ops_vision      traced: conv (grouped, dilated, no bias), batch_norm, hardswish, silu,
                  max/avg pools in ceil mode, upsample nearest and bilinear, reflection
                  and constant pads, chunk, cat, transpose/permute, softmax over channels
  ops_head        traced: flatten, linear, layer_norm, addmm, matmul, gelu (erf and tanh), clamp,
                  leaky_relu, elu, slices with steps, select, narrow, stack, mean, sum,
                  log_softmax
  ops_extra       traced: prelu, max/min (element-wise, reduced, with indices), prod,
                  index_select, threshold, square, zeros_like/zeros, conv_transpose2d,
                  bilinear with align_corners, conv1d + BatchNorm1d, unary math, argmax;
                  five outputs
  two_inputs      traced: forward(a, b) returning the tuple (a + b * 2, relu(a) @ b^T)
  ops_attention   traced under no_grad: forward(ids[int64], x): embedding, the fast
                  MultiheadAttention (_native_multi_head_attention), the slow one with a
                  float mask (baddbmm, averaged weights), a pre-norm TransformerEncoderLayer
                  with a key padding mask (_transformer_encoder_layer_fwd), einsum, triu/tril,
                  masked_fill, where, comparisons and logic, gather, roll, remainder/fmod,
                  new_zeros with filled slices; four outputs
  ops_norm        traced: group_norm, instance_norm (affine and not), local_response_norm,
                  adaptive pools with unequal windows, interpolate nearest, nearest-exact,
                  bilinear, bicubic (both alignments), area, linear, trilinear, tanh gelu;
                  five outputs
  ops_sort        traced: topk (largest, smallest), sort descending, argsort, cumsum of
                  floats and of int64; five outputs (argsort's int64 indices as they are)
  ops_recurrent   traced under no_grad: nn.LSTM (2 layers, bidirectional, batch_first), nn.GRU
                  with an initial state, nn.RNN (relu, no bias); five outputs
  scripted_const  torch.jit.script: branches on a module attribute and on x.dim(), loops
                  over a ModuleList, a constant range and range(x.size(1)): all fixed
                  once frozen and the input shape is known
Error fixtures (errors/<name>.tar.gz):
  state_dict      torch.save(model.state_dict())
  eager_module    torch.save(model) (a pickled nn.Module)
  legacy_pickle   torch.save(model.state_dict(), _use_new_zipfile_serialization=False)
  not_torchscript a text file named model.pth
  two_pth         a.pth and b.pth
  unsupported_ops traced model using aten::bernoulli, aten::nonzero and aten::_unique2
                  (never compiled) beside supported operators
  data_dependent  scripted model with `if x.sum() > 0:`
  data_dependent_loop  scripted model with `while bool(x.max() > 1.0):`
Byte-identical on every run (fixed seeds, one thread, pinned tar metadata).
"""

import argparse
import io
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from torch import nn  # noqa: E402

import deterministic_tar as dt  # noqa: E402


class OpsVision(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(4, 8, 3, padding=1, bias=False)
        self.bn = nn.BatchNorm2d(8)
        self.grouped = nn.Conv2d(8, 8, 3, padding=2, dilation=2, groups=4)
        self.pointwise = nn.Conv2d(24, 6, 1)

    def forward(self, x):
        y = F.hardswish(self.bn(self.conv(x)))
        y = F.silu(self.grouped(y))
        a, b = torch.chunk(y, 2, dim=1)
        p = F.max_pool2d(a, 3, stride=2, ceil_mode=True)
        q = F.avg_pool2d(b, 3, stride=2, ceil_mode=True, count_include_pad=False)
        z = torch.cat([p, q, F.relu6(p - q)], dim=1)
        z = F.avg_pool2d(z, 3, stride=1, padding=1)
        z = F.interpolate(z, scale_factor=2.0, mode="nearest")
        z = F.pad(z, (1, 1, 1, 1), mode="reflect")
        z = F.pad(z, (0, 1, 2, 0), value=0.5)
        z = F.interpolate(z, size=(13, 11), mode="bilinear", align_corners=False)
        z = torch.cat([z, z.transpose(2, 3).permute(0, 1, 3, 2)], dim=1)
        return torch.softmax(self.pointwise(z), dim=1)


class OpsHead(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(48, 32)
        self.norm = nn.LayerNorm(32)
        self.w = nn.Parameter(torch.randn(32, 24) * 0.2)
        self.b = nn.Parameter(torch.randn(24) * 0.1)
        self.m = nn.Parameter(torch.randn(24, 16) * 0.2)

    def forward(self, x):
        h = self.norm(self.fc(torch.flatten(x, 1)))
        h = torch.addmm(self.b, F.gelu(h), self.w)
        h = F.gelu(h, approximate="tanh") + torch.clamp(h, -0.5, 0.7)
        h = F.leaky_relu(h, 0.1) + F.elu(h)
        g = torch.matmul(h, self.m)
        s = torch.stack([g[:, ::2], g[:, 1::2]], dim=1)
        t = s.select(1, 0) * s.narrow(1, 1, 1).squeeze(1)
        stats = torch.stack([t.mean(dim=1), t.sum(dim=1), t.amax(dim=1)], dim=1)
        return F.log_softmax(torch.cat([t, stats], dim=1), dim=1)


class OpsExtra(nn.Module):
    def __init__(self):
        super().__init__()
        self.prelu = nn.PReLU(4)
        self.up = nn.ConvTranspose2d(4, 3, 3, stride=2, padding=1, output_padding=1)
        self.conv1d = nn.Conv1d(3, 5, 3, padding=1)
        self.bn1d = nn.BatchNorm1d(5)
        self.register_buffer("index", torch.tensor([2, 0, 1]))

    def forward(self, x):
        y = self.prelu(x)
        y = torch.max(y, torch.min(x, x * 0.5)) + torch.square(x) * 0.1
        y = F.threshold(y, 0.1, 0.0) - F.hardtanh(x, -0.5, 0.5)
        y = y + torch.zeros_like(y) + torch.zeros(x.size(0), 1, 1, 1)
        u = self.up(F.softplus(y) + torch.sigmoid(x) * torch.tanh(x))
        u = F.interpolate(u, scale_factor=0.5, mode="bilinear", align_corners=True)
        u = torch.index_select(u, 1, self.index) + torch.exp(-u.abs()) + torch.log(u.abs() + 1)
        v = F.avg_pool2d(u, 3, stride=2, padding=1, count_include_pad=False)
        seq = torch.flatten(v, 2)
        seq = self.bn1d(self.conv1d(seq))
        seq = torch.sqrt(seq.abs() + 1.0) - torch.rsqrt(seq.abs() + 1.0) + (-seq)
        seq = seq * torch.reciprocal(seq.abs() + 2.0)
        values, indices = torch.max(seq, dim=2, keepdim=True)
        small = torch.min(seq, dim=1)[0]
        total = torch.prod(seq.abs() + 0.5, dim=1)
        return (seq - values.expand_as(seq), indices.float(), small, total,
                torch.argmax(seq, dim=1).float())


class TwoInputs(nn.Module):
    def forward(self, a, b):
        return a + b * 2, torch.matmul(F.relu(a), b.transpose(-1, -2))


class ScriptedConst(nn.Module):
    def __init__(self):
        super().__init__()
        self.use_norm = True
        self.layers = nn.ModuleList([nn.Conv2d(3, 3, 3, padding=1) for _ in range(3)])
        self.norm = nn.BatchNorm2d(3)

    def forward(self, x):
        if x.dim() == 3:
            x = x.unsqueeze(0)
        for layer in self.layers:
            x = F.relu(layer(x)) + x
        if self.use_norm:
            x = self.norm(x)
        for i in range(2):
            x = x * 0.5 + float(i)
        # A loop over a dimension stays a prim::Loop after freezing (TorchScript does not
        # know the shape); its trip count is a constant once the shape is.
        acc = x[:, 0:1]
        for c in range(1, x.size(1)):
            acc = acc + x[:, c:c + 1] * float(c)
        return x - acc


class DataDependent(nn.Module):
    def forward(self, x):
        if x.sum() > 0:
            return x * 2
        return x - 1


class DataDependentLoop(nn.Module):
    def forward(self, x):
        while bool(x.max() > 1.0):
            x = x * 0.5
        return x


class Unsupported(nn.Module):
    """Operators Neo never compiles: data-dependent shapes (nonzero, unique) and a random
    generator (bernoulli)."""

    def forward(self, x):
        y = torch.relu(x)
        return torch.bernoulli(torch.sigmoid(y)), torch.nonzero(y), torch.unique(y)


class OpsAttention(nn.Module):
    """Token ids and features through what transformers trace to."""

    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(50, 16, padding_idx=0)
        self.fast = nn.MultiheadAttention(16, 4, batch_first=True)
        self.slow = nn.MultiheadAttention(16, 2, batch_first=True)
        self.encoder = nn.TransformerEncoderLayer(16, 2, dim_feedforward=32, dropout=0.0,
                                                  batch_first=True, norm_first=True)
        self.register_buffer("index", torch.randint(0, 16, (2, 6, 5)))
        causal = torch.triu(torch.full((6, 6), float("-inf")), diagonal=1)
        self.register_buffer("causal", causal)

    def forward(self, ids, x):
        padding = ids == 0
        h = self.embed(ids) + x
        a = self.fast(h, h, h, need_weights=False)[0]
        b, weights = self.slow(h, h, h, attn_mask=self.causal)
        e = self.encoder(h, src_key_padding_mask=padding)
        scores = torch.einsum("bld,bmd->blm", a, b)
        scores = torch.triu(scores, diagonal=1) + torch.tril(scores, diagonal=-1) * 0.5
        scores = scores.masked_fill(padding.unsqueeze(1), -5.0)
        keep = ~padding & (ids < 40) | (ids >= 45)
        g = torch.gather(e, 2, self.index)
        m = torch.where(keep.unsqueeze(-1), g, torch.remainder(g, 0.7) - torch.fmod(g, 0.7))
        r = torch.roll(e, shifts=(1, -2), dims=(1, 2)) + torch.roll(e, 3)
        mask = r.new_zeros((1, 6, 16))
        mask[:, 2:4, :] = 1.0
        mask[:, :, 8:] = 2.0
        w = torch.baddbmm(e, weights, b, beta=0.5, alpha=2.0)
        flags = torch.logical_or(torch.logical_not(padding), ids.ne(3)) & (ids.le(20) | ids.gt(30))
        return (torch.softmax(scores, -1), m, r * mask + w,
                flags.unsqueeze(-1).float() * torch.einsum("bij->bj", e).unsqueeze(1))


class OpsNorm(nn.Module):
    """Normalisations, adaptive pools with unequal windows and every interpolate mode."""

    def __init__(self):
        super().__init__()
        self.group = nn.GroupNorm(2, 6)
        self.instance = nn.InstanceNorm2d(6, affine=True)
        self.plain_instance = nn.InstanceNorm2d(6)
        self.lrn = nn.LocalResponseNorm(3, alpha=0.1, beta=0.6, k=1.5)
        self.conv = nn.Conv2d(6, 6, 3, padding=1)

    def forward(self, x):
        y = self.group(x) + self.instance(x) * 0.5 + self.plain_instance(x) * 0.25
        y = self.lrn(self.conv(y))
        outs = [F.adaptive_avg_pool2d(y, (5, 3)), F.adaptive_max_pool2d(y, (4, 7)),
                F.adaptive_avg_pool2d(y, 3)]
        ups = [
            F.interpolate(y, size=(13, 9), mode="nearest"),
            F.interpolate(y, size=(13, 9), mode="nearest-exact"),
            F.interpolate(y, size=(13, 9), mode="bilinear", align_corners=False),
            F.interpolate(y, size=(13, 9), mode="bicubic", align_corners=False),
            F.interpolate(y, size=(13, 9), mode="bicubic", align_corners=True),
            F.interpolate(y, size=(13, 9), mode="area"),
        ]
        seq = torch.flatten(y, 2)
        lines = [F.interpolate(seq, size=23, mode="linear"),
                 F.interpolate(seq, scale_factor=1.5, mode="nearest")]
        vol = F.interpolate(y.unsqueeze(2), size=(2, 5, 4), mode="trilinear")
        return (torch.cat([o.flatten(1) for o in outs], 1), torch.cat(ups, 1),
                torch.cat(lines, 2), vol, F.gelu(y, approximate="tanh"))


class OpsSort(nn.Module):
    """Sorting and scans: topk (largest and smallest), sort, argsort, cumsum (float and
    integer); indices are returned added to the values, so a wrong index shows."""

    def forward(self, x):
        values, indices = torch.topk(x, 3, dim=-1)
        low, low_indices = torch.topk(x, 2, dim=1, largest=False)
        ordered, order = torch.sort(x, dim=1, descending=True)
        ranks = torch.argsort(x, dim=0)
        counts = (x > 0).long().cumsum(-1)
        return (values + indices.float(), low - low_indices.float(), ordered * order.float(),
                ranks, x.cumsum(1) + counts.float())


class OpsRecurrent(nn.Module):
    """Traced recurrent layers: a 2-layer bidirectional batch-first LSTM, a GRU fed the
    LSTM's output with an initial state, and a ReLU RNN."""

    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(6, 5, num_layers=2, bidirectional=True, batch_first=True)
        self.gru = nn.GRU(10, 4)
        self.rnn = nn.RNN(6, 3, nonlinearity="relu", batch_first=True, bias=False)

    def forward(self, x):
        y, (h, c) = self.lstm(x)
        g, gh = self.gru(y.transpose(0, 1), torch.ones(1, x.shape[0], 4) * 0.5)
        r, rh = self.rnn(x)
        return y, h + c.sum(), g, gh, r + rh.transpose(0, 1)


def calibrate(model, shape):
    for m in model.modules():
        if isinstance(m, nn.modules.batchnorm._BatchNorm):
            m.reset_running_stats()
            m.momentum = None
    model.train()
    with torch.no_grad():
        for _ in range(4):
            model(torch.randn(4, *shape[1:]))
    return model.eval()


def pth_bytes(module):
    buf = io.BytesIO()
    torch.jit.save(module, buf)
    return buf.getvalue()


def write_model(out_dir, name, module, inputs):
    with torch.no_grad():
        outputs = module(*[torch.from_numpy(i) for i in inputs])
    if isinstance(outputs, torch.Tensor):
        outputs = (outputs,)
    dt.write_file(os.path.join(out_dir, name + ".tar.gz"),
                  dt.files_tar_gz([(name + ".pth", pth_bytes(module))]))
    for k, data in enumerate(inputs):
        np.save(os.path.join(out_dir, f"{name}_input{k}.npy"), data)
    for k, out in enumerate(outputs):
        golden = out.numpy().astype(np.float32)
        spread = float(golden.max() - golden.min())
        if spread < 1e-2:
            sys.exit(f"make_torchscript_fixtures: {name} output {k} is nearly constant")
        np.save(os.path.join(out_dir, f"{name}_golden{k}.npy"), golden)


def raw_tar(out_dir, name, files):
    os.makedirs(os.path.join(out_dir, "errors"), exist_ok=True)
    dt.write_file(os.path.join(out_dir, "errors", name + ".tar.gz"), dt.files_tar_gz(files))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out_dir", required=True)
    args = parser.parse_args()
    os.makedirs(args.out_dir, exist_ok=True)
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    torch.manual_seed(0)
    rng = np.random.RandomState(0)

    def normal(*shape):
        return rng.standard_normal(shape).astype(np.float32)

    x = normal(1, 4, 16, 12)
    vision = calibrate(OpsVision(), x.shape)
    write_model(args.out_dir, "ops_vision", torch.jit.trace(vision, torch.from_numpy(x)), [x])

    x = normal(2, 3, 4, 4)
    head = OpsHead().eval()
    write_model(args.out_dir, "ops_head", torch.jit.trace(head, torch.from_numpy(x)), [x])

    x = normal(2, 4, 8, 8)
    extra = calibrate(OpsExtra(), x.shape)
    write_model(args.out_dir, "ops_extra", torch.jit.trace(extra, torch.from_numpy(x)), [x])

    a, b = normal(1, 5, 7), normal(1, 5, 7)
    two = torch.jit.trace(TwoInputs(), (torch.from_numpy(a), torch.from_numpy(b)))
    write_model(args.out_dir, "two_inputs", two, [a, b])

    x = normal(1, 3, 10, 10)
    scripted = torch.jit.script(calibrate(ScriptedConst(), x.shape))
    write_model(args.out_dir, "scripted_const", scripted, [x])

    ids = rng.randint(0, 50, size=(2, 6)).astype(np.int64)
    ids[0, 4:] = 0  # padding
    x = normal(2, 6, 16)
    attention = OpsAttention().eval()
    with torch.no_grad():
        traced = torch.jit.trace(attention, (torch.from_numpy(ids), torch.from_numpy(x)))
    write_model(args.out_dir, "ops_attention", traced, [ids, x])

    x = normal(2, 6, 10, 8)
    norm = OpsNorm().eval()
    write_model(args.out_dir, "ops_norm", torch.jit.trace(norm, torch.from_numpy(x)), [x])

    x = normal(2, 5, 9)
    write_model(args.out_dir, "ops_sort", torch.jit.trace(OpsSort(), torch.from_numpy(x)), [x])

    x = normal(2, 7, 6)
    with torch.no_grad():
        recurrent = torch.jit.trace(OpsRecurrent().eval(), torch.from_numpy(x))
    write_model(args.out_dir, "ops_recurrent", recurrent, [x])

    small = calibrate(OpsVision(), (1, 4, 16, 12))
    raw_tar(args.out_dir, "state_dict", [("model.pth", torch_save(small.state_dict()))])
    raw_tar(args.out_dir, "eager_module", [("model.pth", torch_save(small))])
    raw_tar(args.out_dir, "legacy_pickle",
            [("model.pth", torch_save(small.state_dict(), zipfile=False))])
    raw_tar(args.out_dir, "not_torchscript", [("model.pth", b"this is not a model\n")])
    relu = pth_bytes(torch.jit.trace(nn.ReLU(), torch.zeros(1, 3, 4, 4)))
    raw_tar(args.out_dir, "two_pth", [("a.pth", relu), ("b.pth", relu)])
    raw_tar(args.out_dir, "unsupported_ops", [("model.pth", pth_bytes(
        torch.jit.trace(Unsupported(), torch.zeros(1, 3, 4, 4))))])
    raw_tar(args.out_dir, "data_dependent",
            [("model.pth", pth_bytes(torch.jit.script(DataDependent())))])
    raw_tar(args.out_dir, "data_dependent_loop",
            [("model.pth", pth_bytes(torch.jit.script(DataDependentLoop())))])


def torch_save(obj, zipfile=True):
    buf = io.BytesIO()
    torch.save(obj, buf, _use_new_zipfile_serialization=zipfile)
    return buf.getvalue()


if __name__ == "__main__":
    main()
