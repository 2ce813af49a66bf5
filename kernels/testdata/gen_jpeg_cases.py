"""Writes the JPEGs of decode_jpeg_test and their decodings by torchvision (an
independent decoder: torchvision's own libjpeg calls, ISLOW IDCT, fancy upsampling).
Run by the genrule :jpeg_cases with Debian's python3:
  gen_jpeg_cases.py OUT_DIR
Files: color.jpg (3 components, 4:2:0) and gray.jpg (1 component), 37 x 53 so that no
edge falls on an 8- or 16-pixel boundary; <file>_rgb.npy and <file>_gray.npy, uint8
[H, W, C], as torchvision decodes them to RGB and to grayscale.
"""
import os
import sys

import numpy as np
import torch
from torchvision.io import ImageReadMode, decode_jpeg, encode_jpeg

H, W = 37, 53


def image(channels):
    # Smooth gradients with a little texture: the box averages that check the scaled
    # decodes stay close to libjpeg's reduced IDCTs, while every block still differs.
    y, x = np.mgrid[0:H, 0:W].astype(np.float64)
    planes = []
    for c in range(channels):
        v = 128 + 90 * np.sin(x / (9.0 + 3 * c) + c) * np.cos(y / (11.0 - 2 * c))
        v += 6 * np.sin(x * 1.3 + y * 0.7 + c)
        planes.append(v)
    a = np.clip(np.rint(np.stack(planes)), 0, 255).astype(np.uint8)
    return torch.from_numpy(a)  # [C, H, W], as encode_jpeg takes it


def main():
    out = sys.argv[1]
    for name, channels in (("color", 3), ("gray", 1)):
        data = encode_jpeg(image(channels), quality=90)
        with open(os.path.join(out, name + ".jpg"), "wb") as f:
            f.write(data.numpy().tobytes())
        for mode, suffix in ((ImageReadMode.RGB, "rgb"), (ImageReadMode.GRAY, "gray")):
            hwc = decode_jpeg(data, mode=mode).permute(1, 2, 0).contiguous().numpy()
            np.save(os.path.join(out, "%s_%s.npy" % (name, suffix)), hwc, allow_pickle=False)


if __name__ == "__main__":
    main()
