"""Writes the corrupt TorchScript archives the PyTorch frontend's tests load.

Usage: /usr/bin/python3 make_bad_pth.py --out_dir DIR

Each DIR/<name>.pth starts from a small traced model (Conv2d(2, 3, 1) then relu) saved with
torch.jit.save, rewritten by this script's own zip writer: members stored, prefix "m/",
debug_pkl files left out, so the bytes do not depend on where the script runs.

Tensors that lie about their storage (Load Error before anything reads them):
  good                the model as saved (loads and lowers)
  short_storage       conv.weight (6 floats) on a record cut to 4 bytes
  offset_1e6          conv.weight at storage offset 1000000 of its 24-byte storage
  offset_negative     conv.weight at storage offset -3
  sizes_1e9           conv.weight sized (1000, 1000, 1000) on its 24-byte storage
  strides_overflow    conv.weight with a stride of 2^62: its extent overflows int64
  list_attr_short     scripted module; tensor 1 of the List[Tensor] attribute 'tables'
                      on a record cut to 4 bytes
  constant_short      traced model whose code constant torch.tensor([1., 2., 3.]) lies on
                      a record cut to 4 bytes
  numel_claim         conv.weight's storage claims 10^9 floats on its 24-byte record
  record_twice        conv.bias's storage reads conv.weight's record (key '0') again
Archives libtorch rejects:
  numel_overflow      conv.weight sized (2^32, 2^32, 4, 1): numel overflows
  bad_hooks           conv.weight's backward hooks a tuple instead of an OrderedDict
                      (libtorch's internal assert)
  dup_param           conv's attribute dict names 'weight' twice and 'bias' never
  dangling_name       forward() reads an undefined name
  dangling_attr       forward() reads self.ghost
  recursive_forward   forward() calls itself
  dup_class           the code defines class Conv twice (libtorch keeps the second)
Zip directories that lie (checked before libtorch sees the bytes):
  zip64_uncomp_2p40   m/data/0's zip64 extra field claims 2^40 uncompressed bytes
  cd_uncomp_3G        m/data/0 claims 3 GiB uncompressed
  cd_both_3G          m/data/0 claims 3 GiB compressed and uncompressed
  stored_sizes_differ m/data/0 is stored but its sizes differ
  local_past_end      m/data/0's local header offset 2^31
  local_wrong         m/data/0's local header offset 1 (not a local header)
  deflate_ratio       m/data/0 deflated, claiming 2000 times its size uncompressed
  method_bzip2        m/data/0 compressed with bzip2 (method 12)
  dup_member          m/data/0 twice
  case_dup_member     m/data/0 and m/DATA/0 (libtorch's zip reader ignores case)
"""

import argparse
import io
import os
import pickletools
import struct
import warnings
import zipfile
import zlib

import torch
from torch import nn


class Conv(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(2, 3, 1)

    def forward(self, x):
        return torch.relu(self.conv(x))


class WithConstant(nn.Module):
    def forward(self, x):
        return x + torch.tensor([1.0, 2.0, 3.0])


class WithTables(nn.Module):
    def __init__(self):
        super().__init__()
        self.tables = [torch.ones(3), torch.ones(5)]

    def forward(self, x):
        return x + self.tables[0]


def members_of(module):
    """(name, bytes) of the archive torch.jit.save writes, renamed under m/."""
    buf = io.BytesIO()
    torch.jit.save(module, buf)
    out = []
    with zipfile.ZipFile(buf) as z:
        for name in z.namelist():
            if not name.endswith(".debug_pkl"):
                out.append(("m/" + name.split("/", 1)[1], z.read(name)))
    return out


def base_members():
    torch.manual_seed(0)
    return members_of(torch.jit.trace(Conv().eval(), torch.zeros(1, 2, 2, 2)))


def zip_bytes(members, central=None):
    """A stored zip of `members`. central[i] overrides fields of member i's central
    directory entry: 'compressed', 'uncompressed', 'offset', 'method', 'zip64' (the sizes
    go to a zip64 extra field and the 32-bit fields read 0xFFFFFFFF)."""
    central = central or {}
    body, directory = b"", b""
    for i, (name, data) in enumerate(members):
        raw = name.encode()
        crc = zlib.crc32(data)
        offset = len(body)
        # version 20, no flags, stored, 1980-01-01 00:00
        body += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 0, 0, 0x21, crc, len(data),
                            len(data), len(raw), 0) + raw + data
        f = dict(compressed=len(data), uncompressed=len(data), offset=offset, zip64=False,
                 method=0)
        f.update(central.get(i, {}))
        extra = b""
        comp, uncomp = f["compressed"], f["uncompressed"]
        if f["zip64"]:
            extra = struct.pack("<HHQQ", 1, 16, uncomp, comp)
            comp = uncomp = 0xFFFFFFFF
        directory += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, f["method"], 0,
                                 0x21, crc,
                                 comp, uncomp, len(raw), len(extra), 0, 0, 0, 0,
                                 f["offset"]) + raw + extra
    eocd = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members),
                       len(directory), len(body), 0)
    return body + directory + eocd


def index_of(members, name):
    return [n for n, _ in members].index(name)


def replaced(members, name, data):
    return [(n, data if n == name else d) for n, d in members]


def record_of_size(members, size):
    """The one tensor record (data/ or constants/) of `size` bytes."""
    found = [n for n, d in members if ("/data/" in n or "/constants/" in n) and len(d) == size]
    assert len(found) == 1, (size, found)
    return found[0]


# --- pickle surgery: spans of opcodes found with pickletools, replaced whole ---

def ops(pkl):
    """(name, arg, start, end) of every opcode."""
    items = list(pickletools.genops(pkl))
    ends = [pos for _, _, pos in items[1:]] + [len(pkl)]
    return [(op.name, arg, pos, end) for (op, arg, pos), end in zip(items, ends)]


def pickle_int(v):
    if 0 <= v < 256:
        return b"K" + bytes([v])
    if -2**31 <= v < 2**31:
        return b"J" + struct.pack("<i", v)
    raw = v.to_bytes(8, "little", signed=True)
    return b"\x8a" + bytes([len(raw)]) + raw


def pickle_tuple(values):
    return b"(" + b"".join(pickle_int(v) for v in values) + b"t"


def tuple_end(o, j):
    """Index of the TUPLE closing the MARK at o[j]."""
    assert o[j][0] == "MARK", o[j]
    k = j + 1
    while o[k][0] != "TUPLE":
        assert o[k][0] in ("BININT1", "BININT", "BININT2", "LONG1"), o[k]
        k += 1
    return k


def weight_args(pkl):
    """Byte spans of conv.weight's storage offset, sizes and strides (the arguments of
    _rebuild_tensor_v2 after the storage's persistent id)."""
    o = ops(pkl)
    key = next(i for i, op in enumerate(o) if op[0] == "BINUNICODE" and op[1] == "weight")
    i = next(i for i in range(key, len(o)) if o[i][0] == "BINPERSID") + 1
    while o[i][0] in ("BINPUT", "LONG_BINPUT"):
        i += 1
    offset = (o[i][2], o[i][3])
    sizes_end = tuple_end(o, i + 1)
    strides_end = tuple_end(o, sizes_end + 1)
    return offset, (o[i + 1][2], o[sizes_end][3]), (o[sizes_end + 1][2], o[strides_end][3])


def splice(pkl, span, new):
    return pkl[:span[0]] + new + pkl[span[1]:]


def with_weight(members, offset=None, sizes=None, strides=None):
    pkl = dict(members)["m/data.pkl"]
    off_span, sizes_span, strides_span = weight_args(pkl)
    # Right to left, so the earlier spans stay where they are.
    if strides is not None:
        pkl = splice(pkl, strides_span, pickle_tuple(strides))
    if sizes is not None:
        pkl = splice(pkl, sizes_span, pickle_tuple(sizes))
    if offset is not None:
        pkl = splice(pkl, off_span, pickle_int(offset))
    return replaced(members, "m/data.pkl", pkl)


def weight_persid(pkl):
    """The opcodes of conv.weight's storage persistent id: ('storage', type, key, device,
    numel) built between a MARK and a TUPLE right before BINPERSID."""
    o = ops(pkl)
    key = next(i for i, op in enumerate(o) if op[0] == "BINUNICODE" and op[1] == "weight")
    i = next(i for i in range(key, len(o)) if o[i][0] == "BINPERSID")
    assert o[i - 1][0] == "TUPLE", o[i - 1]
    mark = max(j for j in range(i) if o[j][0] == "MARK")
    return o[mark + 1:i - 1]


def with_weight_numel(members, numel):
    pkl = dict(members)["m/data.pkl"]
    numel_op = weight_persid(pkl)[-1]
    return replaced(members, "m/data.pkl", splice(pkl, numel_op[2:4], pickle_int(numel)))


def with_bias_key(members, key):
    """The bias's storage key set to `key` (the weight's is '0')."""
    pkl = dict(members)["m/data.pkl"]
    o = ops(pkl)
    bias = next(i for i, op in enumerate(o) if op[0] == "BINUNICODE" and op[1] == "bias")
    op = next(op for op in o[bias:] if op[0] == "BINUNICODE" and op[1] == "1")
    raw = key.encode()
    return replaced(members, "m/data.pkl",
                    splice(pkl, op[2:4], b"X" + struct.pack("<I", len(raw)) + raw))


def with_weight_hooks_tuple(members):
    """conv.weight's last _rebuild_tensor_v2 argument, OrderedDict(), as an empty tuple."""
    pkl = dict(members)["m/data.pkl"]
    o = ops(pkl)
    key = next(i for i, op in enumerate(o) if op[0] == "BINUNICODE" and op[1] == "weight")
    g = next(i for i in range(key, len(o)) if o[i][0] == "GLOBAL" and "OrderedDict" in o[i][1])
    r = next(i for i in range(g, len(o)) if o[i][0] == "REDUCE")
    return replaced(members, "m/data.pkl", splice(pkl, (o[g][2], o[r][3]), b")"))


def with_key_renamed(members, old, new):
    pkl = dict(members)["m/data.pkl"]
    op = next(op for op in ops(pkl) if op[0] == "BINUNICODE" and op[1] == old)
    raw = new.encode()
    return replaced(members, "m/data.pkl",
                    splice(pkl, (op[2], op[3]), b"X" + struct.pack("<I", len(raw)) + raw))


def with_code(members, old, new):
    name = "m/code/__torch__.py"
    code = dict(members)[name].decode()
    assert old in code, code
    return replaced(members, name, code.replace(old, new, 1).encode())


def cases():
    base = base_members()
    out = {"good": zip_bytes(base)}
    weight = record_of_size(base, 24)  # 3x2x1x1 floats; the bias has 12 bytes
    out["short_storage"] = zip_bytes(replaced(base, weight, b"\0\0\x80\x3f"))
    out["offset_1e6"] = zip_bytes(with_weight(base, offset=1000000))
    out["offset_negative"] = zip_bytes(with_weight(base, offset=-3))
    out["sizes_1e9"] = zip_bytes(with_weight(base, sizes=(1000, 1000, 1000),
                                             strides=(1000000, 1000, 1)))
    out["strides_overflow"] = zip_bytes(with_weight(base, strides=(2**62, 1, 1, 1)))
    out["numel_overflow"] = zip_bytes(with_weight(base, sizes=(2**32, 2**32, 4, 1),
                                                  strides=(2**34, 4, 1, 1)))
    out["numel_claim"] = zip_bytes(with_weight_numel(base, 10**9))
    out["record_twice"] = zip_bytes(with_bias_key(base, "0"))
    out["bad_hooks"] = zip_bytes(with_weight_hooks_tuple(base))
    out["dup_param"] = zip_bytes(with_key_renamed(base, "bias", "weight"))

    tables = members_of(torch.jit.script(WithTables()))
    out["list_attr_short"] = zip_bytes(replaced(tables, record_of_size(tables, 20), b"\0" * 4))
    constant = members_of(torch.jit.trace(WithConstant(), torch.zeros(1, 3)))
    out["constant_short"] = zip_bytes(
        replaced(constant, record_of_size(constant, 12), b"\0" * 4))

    call = "torch.relu((conv).forward(x, ))"
    out["dangling_name"] = zip_bytes(with_code(base, call, "torch.relu((conv).forward(ghost, ))"))
    out["dangling_attr"] = zip_bytes(with_code(base, "conv = self.conv", "conv = self.ghost"))
    out["recursive_forward"] = zip_bytes(with_code(base, call, "(self).forward(x, )"))
    code = dict(base)["m/code/__torch__.py"].decode()
    out["dup_class"] = zip_bytes(replaced(base, "m/code/__torch__.py", (
        code + "\n" + code.replace("torch.relu", "torch.sigmoid")).encode()))

    data0 = index_of(base, "m/data/0")
    size0 = len(dict(base)["m/data/0"])
    out["zip64_uncomp_2p40"] = zip_bytes(base, {data0: dict(uncompressed=2**40, zip64=True)})
    out["cd_uncomp_3G"] = zip_bytes(base, {data0: dict(uncompressed=3 * 2**30)})
    out["cd_both_3G"] = zip_bytes(base, {data0: dict(compressed=3 * 2**30,
                                                     uncompressed=3 * 2**30)})
    out["stored_sizes_differ"] = zip_bytes(base, {data0: dict(uncompressed=size0 - 4)})
    out["local_past_end"] = zip_bytes(base, {data0: dict(offset=2**31)})
    out["local_wrong"] = zip_bytes(base, {data0: dict(offset=1)})
    out["deflate_ratio"] = zip_bytes(base, {data0: dict(method=8, uncompressed=size0 * 2000)})
    out["method_bzip2"] = zip_bytes(base, {data0: dict(method=12)})
    out["dup_member"] = zip_bytes(base + [("m/data/0", b"\0" * size0)])
    out["case_dup_member"] = zip_bytes(base + [("m/DATA/0", b"\0" * size0)])
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out_dir", required=True)
    args = parser.parse_args()
    torch.set_num_threads(1)
    warnings.filterwarnings("ignore")  # the tracer's note on torch.tensor constants
    os.makedirs(args.out_dir, exist_ok=True)
    for name, data in cases().items():
        with open(os.path.join(args.out_dir, name + ".pth"), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
