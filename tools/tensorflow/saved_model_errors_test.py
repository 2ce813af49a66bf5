"""neoc on broken SavedModels: each variant of a good SavedModel tarball must fail with
its exact Neo line (stderr's first line) and its class's exit code, leaving no output.

    saved_model_errors_test.py <neoc> <tf1_conv.tar.gz>

The variants are made here from the good tarball (see make_saved_models.py), so what
breaks is exactly one thing per case.
"""
import io
import os
import subprocess
import sys
import tarfile
import tempfile

DATA_SHAPE = '{"x":[1,6,6,2]}'


def read_members(path):
    with tarfile.open(path, "r:gz") as t:
        return [(m.name, t.extractfile(m).read()) for m in t.getmembers() if m.isfile()]


def write_tarball(path, members):
    with tarfile.open(path, "w:gz") as t:
        for name, data in members:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            t.addfile(info, io.BytesIO(data))


def replace(members, suffix, fn):
    """fn(data) -> new data, or None to drop the member."""
    out = []
    for name, data in members:
        if name.endswith(suffix):
            data = fn(data)
            if data is None:
                continue
        out.append((name, data))
    return out


def invert(data):
    return bytes(b ^ 0xFF for b in data)


def main():
    neoc, good = sys.argv[1], sys.argv[2]
    members = read_members(good)
    root = members[0][0].split("/")[0]
    # Every shard: which one holds the variables the signature needs is the writer's
    # business.
    shard = "-of-00003"
    cases = [
        # (name, members, extra flags, exit code, first line)
        ("no index", replace(members, "variables.index", lambda d: None), [], 20,
         "Load Error: InputConfiguration: The saved model's variables folder has no "
         "variables.index."),
        ("truncated shard", replace(members, shard, lambda d: d[: len(d) // 2]), [], 22,
         "Load Error: %s/variables/variables.data-00001-of-00003 is too short: the entry for "
         "'conv/kernel' needs bytes [0, 288) of a 268-byte file." % root),
        ("corrupt shard", replace(members, shard, invert), [], 22,
         "Load Error: %s/variables/variables.data-00001-of-00003 is corrupt: the entry for "
         "'conv/kernel' fails its checksum (stored 0x6a8aeec7, computed 0xb61e7009)." % root),
        ("garbage graph", replace(members, "saved_model.pb", lambda d: b"\xff" * 64), [], 22,
         "Load Error: %s/saved_model.pb is not a valid SavedModel: it does not parse as a "
         "SavedModel protobuf." % root),
        ("no graph", replace(members, "saved_model.pb", lambda d: None), [], 20,
         "Load Error: InputConfiguration: Exactly one .pb or .pbtxt file is allowed for "
         "TensorFlow model."),
        ("two graph files", members + [(root + "/saved_model.pbtxt", b"")], [], 20,
         "Load Error: InputConfiguration: Exactly one .pb or .pbtxt file is allowed for "
         "TensorFlow model."),
        ("unknown signature", members, ["--signature=nope"], 22,
         "Load Error: %s/saved_model.pb has no signature 'nope'; its signatures are "
         "'conv_only', 'serving_default'." % root),
        ("wrong input name", members, [], 40,
         "Malformed input error: input 'input' in the data shape is not an input of the "
         "model; the model's inputs are: 'x'"),
    ]
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        for i, (name, variant, flags, want_code, want_line) in enumerate(cases):
            model = os.path.join(tmp, "model.tar.gz")
            out_dir = os.path.join(tmp, "out%d" % i)
            os.makedirs(out_dir)
            write_tarball(model, variant)
            shape = '{"input":[1,6,6,2]}' if name == "wrong input name" else DATA_SHAPE
            r = subprocess.run([neoc, "--framework=tensorflow", "--model=" + model,
                                "--data_shape=" + shape, "--name=m",
                                "--output_dir=" + out_dir] + flags,
                               capture_output=True, text=True)
            line = (r.stderr.splitlines() or [""])[0]
            ok = r.returncode == want_code and line == want_line and os.listdir(out_dir) == []
            print("%s %-18s exit %d: %s" % ("ok  " if ok else "FAIL", name, r.returncode, line))
            failures += not ok
    print("%d of %d cases as expected" % (len(cases) - failures, len(cases)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
