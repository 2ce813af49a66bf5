"""Trains the small digit classifier the example app runs, and exports it for neoc.

Usage:
  /usr/bin/python3 examples/digits/train_digits.py --out_dir DIR

Writes into DIR:
  digits.tar.gz       one digits.onnx (opset 13): input "image" float32
                      [1,1,8,8] (pixels scaled to [0,1]), output "logits" [1,10]
  test_images.npy     float32 [360,1,8,8], the held-out images, same scaling
  test_labels.npy     int64 [360], their digits
  torch_accuracy.txt  PyTorch's accuracy on the held-out images, e.g. "0.9722"

Data: scikit-learn's bundled copy of the UCI optical handwritten digits (1797
8x8 images, no download), shuffled by a fixed permutation (RandomState(0));
the last 360 of that order are held out and training sees only the first 1437. Training is deterministic (fixed seed, one thread, deterministic
algorithms, seeded shuffling), so every run writes the same bytes and the app's
expected accuracy is stable.
"""

import argparse
import io
import os
import sys

# deterministic_tar lives with the other test-data generators.
_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(_ROOT, "tools", "testdata"))

import numpy as np  # noqa: E402
import onnx  # noqa: E402
import torch  # noqa: E402
from sklearn.datasets import load_digits  # noqa: E402

import deterministic_tar  # noqa: E402

NUM_TEST = 360
EPOCHS = 15
BATCH = 32
MIN_ACCURACY = 0.95


class DigitsNet(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.features = torch.nn.Sequential(
            torch.nn.Conv2d(1, 16, 3, padding=1), torch.nn.ReLU(),
            torch.nn.Conv2d(16, 32, 3, padding=1), torch.nn.ReLU(),
            torch.nn.MaxPool2d(2))
        self.classifier = torch.nn.Sequential(
            torch.nn.Flatten(),
            torch.nn.Linear(32 * 4 * 4, 64), torch.nn.ReLU(),
            torch.nn.Linear(64, 10))

    def forward(self, x):
        return self.classifier(self.features(x))


def load_split():
    digits = load_digits()
    # A seeded shuffle first: the file is ordered by writer, and its last 360
    # images come from writers the first ones never show, which caps any small
    # model near 94%. The permutation is fixed, so the split is too.
    order = np.random.RandomState(0).permutation(len(digits.target))
    images = (digits.images[order] / 16.0).astype(np.float32).reshape(-1, 1, 8, 8)
    labels = digits.target[order].astype(np.int64)
    return (images[:-NUM_TEST], labels[:-NUM_TEST],
            images[-NUM_TEST:], labels[-NUM_TEST:])


def train(model, images, labels):
    x, y = torch.from_numpy(images), torch.from_numpy(labels)
    optimizer = torch.optim.Adam(model.parameters(), lr=2e-3)
    shuffle = torch.Generator().manual_seed(0)
    model.train()
    for _ in range(EPOCHS):
        order = torch.randperm(len(x), generator=shuffle)
        for start in range(0, len(x), BATCH):
            idx = order[start:start + BATCH]
            optimizer.zero_grad()
            loss = torch.nn.functional.cross_entropy(model(x[idx]), y[idx])
            loss.backward()
            optimizer.step()
    model.eval()


def accuracy(model, images, labels):
    # One image at a time, like the app, so batching can't change a close call.
    correct = 0
    with torch.no_grad():
        for image, label in zip(images, labels):
            logits = model(torch.from_numpy(image[None]))
            correct += int(logits.argmax(dim=1).item() == label)
    return correct, len(labels)


def export(model):
    buf = io.BytesIO()
    torch.onnx.export(model, torch.zeros(1, 1, 8, 8), buf, opset_version=13,
                      input_names=["image"], output_names=["logits"],
                      do_constant_folding=True)
    onnx.checker.check_model(onnx.load_from_string(buf.getvalue()))
    return deterministic_tar.files_tar_gz([("digits.onnx", buf.getvalue())])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out_dir", required=True)
    args = parser.parse_args()

    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    torch.manual_seed(0)
    np.random.seed(0)

    train_x, train_y, test_x, test_y = load_split()
    model = DigitsNet()
    train(model, train_x, train_y)
    correct, total = accuracy(model, test_x, test_y)
    if correct / total < MIN_ACCURACY:
        sys.exit(f"train_digits: accuracy {correct}/{total} is below {MIN_ACCURACY}")

    os.makedirs(args.out_dir, exist_ok=True)
    out = lambda name: os.path.join(args.out_dir, name)  # noqa: E731
    deterministic_tar.write_file(out("digits.tar.gz"), export(model))
    np.save(out("test_images.npy"), test_x)
    np.save(out("test_labels.npy"), test_y)
    with open(out("torch_accuracy.txt"), "w") as f:
        f.write(f"{correct / total:.4f}\n")
    print(f"train_digits: held-out accuracy {correct}/{total} = {correct / total:.4f}")


if __name__ == "__main__":
    main()
