#!/usr/bin/python3
"""Prints scikit-image's phase_cross_correlation on a small deterministic image pair.

The same image is rendered by PhaseCorrelatorTest.fixture() in Java; the test hard-codes these
numbers to pin the sign convention against skimage (ours = -(skimage col, skimage row)).
Run: /usr/bin/python3 tools/drift/skimage_fixture.py
"""
import numpy as np
from skimage.registration import phase_cross_correlation

N = 64


def fixture(dx, dy):
    y, x = np.mgrid[0:N, 0:N].astype(float)
    img = np.zeros((N, N))
    for i in range(24):
        cx = 12 + (i * 37) % 40
        cy = 12 + (i * 23) % 40
        s = 1.5 + (i % 3) * 0.7
        a = 0.5 + (i % 4) * 0.25
        img += a * np.exp(-((x - cx - dx) ** 2 + (y - cy - dy) ** 2) / (2 * s * s))
    return img


ref = fixture(0.0, 0.0)
mov = fixture(2.3, -1.7)
shift, error, phasediff = phase_cross_correlation(ref, mov, upsample_factor=100)
print("skimage (row, col) =", repr(shift.tolist()))
