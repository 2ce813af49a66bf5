"""Writes TensorFlow checkpoints (tensor bundles) byte for byte as TensorFlow lays them out.

A bundle is <prefix>.index, a sorted table (LevelDB's format, uncompressed) mapping ""
to a BundleHeaderProto and each tensor name to a BundleEntryProto, and data shards
<prefix>.data-0000k-of-0000n holding the tensors' bytes. Numbers are stored raw and
little-endian; a string tensor is its varint64 lengths, a masked crc32c of those
lengths, then the bytes.
"""

import struct

import numpy as np

_POLY = 0x82F63B78
_TABLE = []
for _i in range(256):
    _c = _i
    for _ in range(8):
        _c = (_c >> 1) ^ _POLY if _c & 1 else _c >> 1
    _TABLE.append(_c)

TABLE_MAGIC = 0xDB4775248B80FB57


def crc32c(data, crc=0):
    c = crc ^ 0xFFFFFFFF
    for b in data:
        c = _TABLE[(c ^ b) & 0xFF] ^ (c >> 8)
    return c ^ 0xFFFFFFFF


def mask(crc):
    return ((((crc >> 15) | (crc << 17)) & 0xFFFFFFFF) + 0xA282EAD8) & 0xFFFFFFFF


def varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def _block(entries, restart_interval):
    """One table block: prefix-compressed entries, restart offsets, restart count."""
    out = bytearray()
    restarts = []
    previous = b""
    for i, (key, value) in enumerate(entries):
        if i % restart_interval == 0:
            restarts.append(len(out))
            shared = 0
        else:
            shared = 0
            while (shared < min(len(key), len(previous))
                   and key[shared] == previous[shared]):
                shared += 1
        out += varint(shared) + varint(len(key) - shared) + varint(len(value))
        out += key[shared:] + value
        previous = key
    if not restarts:
        restarts.append(0)
    for r in restarts:
        out += struct.pack("<I", r)
    out += struct.pack("<I", len(restarts))
    return bytes(out)


def _handle(offset, size):
    return varint(offset) + varint(size)


def write_table(entries, block_size=262144, restart_interval=16):
    """The bytes of a table holding `entries` (a list of (bytes, bytes), sorted)."""
    keys = [k for k, _ in entries]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    out = bytearray()

    def emit(block):
        offset = len(out)
        out.extend(block)
        out.append(0)  # no compression
        out.extend(struct.pack("<I", mask(crc32c(block + b"\x00"))))
        return _handle(offset, len(block))

    index = []
    current = []
    size = 0
    for key, value in entries:
        current.append((key, value))
        size += len(key) + len(value) + 3
        if size >= block_size:
            index.append((current[-1][0], emit(_block(current, restart_interval))))
            current, size = [], 0
    if current:
        index.append((current[-1][0], emit(_block(current, restart_interval))))
    metaindex = emit(_block([], restart_interval))
    index_handle = emit(_block(index, 1))
    footer = metaindex + index_handle
    footer += b"\x00" * (40 - len(footer))
    footer += struct.pack("<II", TABLE_MAGIC & 0xFFFFFFFF, TABLE_MAGIC >> 32)
    out.extend(footer)
    return bytes(out)


def string_tensor_bytes(strings):
    """(bytes, unmasked crc32c) of a string tensor as a bundle stores it."""
    lengths = b"".join(varint(len(s)) for s in strings)
    crc = 0
    for s in strings:
        crc = crc32c(struct.pack("<I", len(s)), crc)
    length_crc = struct.pack("<I", mask(crc))
    crc = crc32c(length_crc, crc)
    body = b"".join(strings)
    crc = crc32c(body, crc)
    return lengths + length_crc + body, crc


def write_bundle(tensors, tensor_pb2, bundle_pb2, num_shards=1, alignment=1,
                 block_size=262144):
    """Files of a bundle: {suffix: bytes} with suffixes ".index" and ".data-...".

    `tensors` maps a key to a numpy array, or to (list of bytes, shape) for a
    DT_STRING tensor. Tensors go to the
    shards round-robin in key order; each is padded to `alignment` as TensorFlow's
    writer does. A small `block_size` gives a small index several data blocks.
    """
    dtypes = {
        np.dtype(np.float32): tensor_pb2.DT_FLOAT,
        np.dtype(np.float64): tensor_pb2.DT_DOUBLE,
        np.dtype(np.int32): tensor_pb2.DT_INT32,
        np.dtype(np.uint8): tensor_pb2.DT_UINT8,
        np.dtype(np.int16): tensor_pb2.DT_INT16,
        np.dtype(np.int8): tensor_pb2.DT_INT8,
        np.dtype(np.int64): tensor_pb2.DT_INT64,
        np.dtype(np.bool_): tensor_pb2.DT_BOOL,
    }
    shards = [bytearray() for _ in range(num_shards)]
    entries = []
    for i, key in enumerate(sorted(tensors)):
        value = tensors[key]
        entry = bundle_pb2.BundleEntryProto()
        if isinstance(value, tuple):  # (list of bytes, shape)
            strings, shape = value
            data, crc = string_tensor_bytes(strings)
            entry.dtype = tensor_pb2.DT_STRING
        else:
            array = np.asarray(value)
            shape = array.shape
            data = array.astype(array.dtype.newbyteorder("<")).tobytes()
            crc = crc32c(data)
            entry.dtype = dtypes[array.dtype]
        for d in shape:
            entry.shape.dim.add().size = d
        shard = i % num_shards
        entry.shard_id = shard
        entry.offset = len(shards[shard])
        entry.size = len(data)
        entry.crc32c = mask(crc)
        shards[shard] += data
        if len(shards[shard]) % alignment:
            shards[shard] += b"\x00" * (alignment - len(shards[shard]) % alignment)
        entries.append((key.encode(), entry.SerializeToString(deterministic=True)))
    header = bundle_pb2.BundleHeaderProto()
    header.num_shards = num_shards
    header.endianness = bundle_pb2.BundleHeaderProto.LITTLE
    header.version.producer = 1
    files = {".index": write_table([(b"", header.SerializeToString(deterministic=True))] + entries,
                                   block_size=block_size)}
    for k, data in enumerate(shards):
        files[".data-%05d-of-%05d" % (k, num_shards)] = bytes(data)
    return files

