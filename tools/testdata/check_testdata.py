"""Checks the generated test data against what testdata/README.md promises.

Run by sh_tests (see testdata/BUILD and examples/digits/BUILD):
  check_testdata.py torchvision <m>.tar.gz <m>_input.npy <m>_golden.npy ...
  check_testdata.py errors <generator.py> <errors/*.tar.gz ...>
  check_testdata.py digits digits.tar.gz test_images.npy test_labels.npy torch_accuracy.txt

The checks read the files with tarfile, gzip, onnx and numpy, not with the code
that wrote them, and `errors` also regenerates the fixtures in a temporary
directory to prove the bytes are reproducible.
"""

import gzip
import os
import subprocess
import sys
import tarfile
import tempfile
import unittest

import numpy as np
import onnx

ARGS = []


def members(path):
    with tarfile.open(path, "r:gz") as tar:
        return tar.getmembers()


def onnx_member(path):
    with tarfile.open(path, "r:gz") as tar:
        (member,) = tar.getmembers()
        return member, onnx.load_from_string(tar.extractfile(member).read())


def io_signature(model, which):
    initializers = {t.name for t in model.graph.initializer}
    values = model.graph.input if which == "input" else model.graph.output
    return [(v.name, [d.dim_value for d in v.type.tensor_type.shape.dim])
            for v in values if v.name not in initializers]


class Torchvision(unittest.TestCase):
    def test_models(self):
        self.assertEqual(len(ARGS) % 3, 0)
        for tar_path, input_path, golden_path in zip(*[iter(ARGS)] * 3):
            name = os.path.basename(tar_path)[:-len(".tar.gz")]
            with self.subTest(model=name):
                with open(tar_path, "rb") as f:
                    head = f.read(10)
                self.assertEqual(head[:2], b"\x1f\x8b")
                self.assertEqual(head[4:8], b"\0\0\0\0", "gzip mtime must be 0")
                self.assertEqual(head[3] & 0x08, 0, "gzip header must not hold a file name")
                member, model = onnx_member(tar_path)
                self.assertEqual(member.name, name + ".onnx")
                self.assertEqual((member.mtime, member.uid, member.gid, member.uname),
                                 (0, 0, 0, ""))
                onnx.checker.check_model(model)
                self.assertEqual([o.version for o in model.opset_import if o.domain in ("", "ai.onnx")], [13])
                self.assertEqual(io_signature(model, "input"), [("data", [1, 3, 224, 224])])
                self.assertEqual(io_signature(model, "output"), [("output", [1, 1000])])
                data = np.load(input_path)
                golden = np.load(golden_path)
                self.assertEqual((data.dtype, data.shape), (np.float32, (1, 3, 224, 224)))
                self.assertEqual((golden.dtype, golden.shape), (np.float32, (1, 1000)))
                self.assertGreater(golden.std(), 1e-2)
                self.assertTrue(np.isfinite(golden).all())


class Errors(unittest.TestCase):
    def setUp(self):
        self.generator = ARGS[0]
        self.files = {os.path.basename(p): p for p in ARGS[1:]}

    def names(self, fixture):
        return [m.name for m in members(self.files[fixture])]

    def test_reproducible(self):
        with tempfile.TemporaryDirectory() as out:
            subprocess.run([sys.executable, self.generator, "--out_dir", out],
                           check=True, stdout=subprocess.DEVNULL)
            for name, path in self.files.items():
                with open(path, "rb") as a, open(os.path.join(out, name), "rb") as b:
                    self.assertEqual(a.read(), b.read(), name)

    def test_load_fixtures(self):
        self.assertEqual(self.names("no_onnx.tar.gz"), ["README.txt"])
        self.assertEqual(self.names("two_onnx.tar.gz"), ["a.onnx", "b.onnx"])
        self.assertEqual(self.names("escape.tar.gz"), ["../evil.onnx"])
        self.assertEqual(self.names("absolute.tar.gz"), ["/tmp/evil.onnx"])
        (link,) = members(self.files["symlink.tar.gz"])
        self.assertEqual((link.name, link.issym(), link.linkname),
                         ("model.onnx", True, "/etc/passwd"))

    def test_corrupt_fixtures(self):
        with open(self.files["not_gzip.tar.gz"], "rb") as f:
            self.assertNotEqual(f.read(2), b"\x1f\x8b")
        with open(self.files["truncated.tar.gz"], "rb") as f:
            truncated = f.read()
        with open(self.files["small_conv.tar.gz"], "rb") as f:
            whole = f.read()
        self.assertEqual(truncated, whole[:len(whole) * 6 // 10])
        with self.assertRaises(EOFError):
            gzip.decompress(truncated)

    def test_models(self):
        _, conv = onnx_member(self.files["small_conv.tar.gz"])
        onnx.checker.check_model(conv, full_check=True)
        self.assertEqual(io_signature(conv, "input"), [("data", [1, 3, 8, 8])])
        self.assertEqual([n.op_type for n in conv.graph.node], ["Conv", "Relu"])
        _, bad = onnx_member(self.files["unsupported_ops.tar.gz"])
        onnx.checker.check_model(bad, full_check=True)
        self.assertEqual(sorted(n.op_type for n in bad.graph.node),
                         ["Add", "Flatten", "GlobalAveragePool", "Multinomial", "NonMaxSuppression",
                          "RandomUniformLike", "Relu", "Unique"])
        for name in ("two_onnx.tar.gz",):
            with tarfile.open(self.files[name], "r:gz") as tar:
                for m in tar.getmembers():
                    onnx.checker.check_model(onnx.load_from_string(tar.extractfile(m).read()))


class Digits(unittest.TestCase):
    def test_digits(self):
        tar_path, images_path, labels_path, accuracy_path = ARGS
        member, model = onnx_member(tar_path)
        self.assertEqual(member.name, "digits.onnx")
        onnx.checker.check_model(model)
        self.assertEqual(io_signature(model, "input"), [("image", [1, 1, 8, 8])])
        self.assertEqual(io_signature(model, "output"), [("logits", [1, 10])])
        images = np.load(images_path)
        labels = np.load(labels_path)
        self.assertEqual((images.dtype, images.shape), (np.float32, (360, 1, 8, 8)))
        self.assertEqual((labels.dtype, labels.shape), (np.int64, (360,)))
        self.assertGreaterEqual(images.min(), 0.0)
        self.assertLessEqual(images.max(), 1.0)
        self.assertEqual(sorted(set(labels.tolist())), list(range(10)))
        with open(accuracy_path) as f:
            text = f.read()
        self.assertRegex(text, r"^0\.\d{4}\n$")
        self.assertGreater(float(text), 0.95)


if __name__ == "__main__":
    suite_name, ARGS[:] = sys.argv[1], sys.argv[2:]
    suite = {"torchvision": Torchvision, "errors": Errors, "digits": Digits}[suite_name]
    result = unittest.TextTestRunner(verbosity=2).run(
        unittest.defaultTestLoader.loadTestsFromTestCase(suite))
    sys.exit(0 if result.wasSuccessful() else 1)
