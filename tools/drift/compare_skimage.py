#!/usr/bin/python3
"""Runs scikit-image's phase_cross_correlation on the frames written by DriftComparison and
prints a markdown table next to the Java kernel's results.

  java -cp ... org.operando.streams.drift.bench.DriftComparison /tmp/drift-compare 24 512,1024 20,50,200
  /usr/bin/python3 tools/drift/compare_skimage.py /tmp/drift-compare

Sign: skimage returns (row, col), the shift that registers moving onto reference; our
ShiftEstimate is (dx, dy) = (-col, -row), the shift of the content from reference to moving.
Two skimage timings: as usually called (both FFTs every frame) and with the reference FFT cached
(space="fourier", the moving frame's fft2 counted), the fair like-for-like with our cached reference.
A third skimage run is configured like our default (Tukey 0.5 window on the mean-subtracted frame,
normalization=None, i.e. plain cross-correlation), to show where the accuracy difference comes from.
"""
import glob
import os
import re
import sys
import time

import numpy as np
from scipy.signal import windows
from skimage.registration import phase_cross_correlation

UPSAMPLE = 20


def load_csv(path):
    rows = [l.strip() for l in open(path) if l.strip() and not l.startswith("#")]
    return np.array([[float(v) for v in r.split(",")] for r in rows[1:]])


def main(folder):
    print("| size | dose (counts/px) | frames | Java RMS (px/axis) | skimage RMS | skimage windowed, no norm. RMS "
          "| Java frames/s | skimage frames/s | skimage cached-ref frames/s | skimage windowed frames/s |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for npy in sorted(glob.glob(os.path.join(folder, "frames_*.npy")),
                      key=lambda p: [int(x) for x in re.findall(r"\d+", os.path.basename(p))]):
        tag = os.path.basename(npy)[len("frames_"):-len(".npy")]
        size, dose = tag.split("_")
        frames = np.load(npy).astype(np.float64)
        truth = load_csv(os.path.join(folder, "truth_%s.csv" % tag))
        java = load_csv(os.path.join(folder, "java_%s.csv" % tag))
        java_ms = float(open(os.path.join(folder, "java_%s.csv" % tag)).readline().split("=")[1])
        ref = frames[0]
        phase_cross_correlation(ref, frames[1], upsample_factor=UPSAMPLE)  # warm-up
        estimates = []
        t0 = time.perf_counter()
        for i in range(1, len(frames)):
            shift = phase_cross_correlation(ref, frames[i], upsample_factor=UPSAMPLE)[0]
            estimates.append((-shift[1], -shift[0]))
        sk_ms = (time.perf_counter() - t0) * 1e3 / (len(frames) - 1)
        ref_f = np.fft.fft2(ref)
        t0 = time.perf_counter()
        for i in range(1, len(frames)):
            phase_cross_correlation(ref_f, np.fft.fft2(frames[i]), upsample_factor=UPSAMPLE, space="fourier")
        sk_cached_ms = (time.perf_counter() - t0) * 1e3 / (len(frames) - 1)
        n = ref.shape[0]
        w2 = np.outer(windows.tukey(ref.shape[0], 0.5), windows.tukey(ref.shape[1], 0.5))
        prep = lambda img: w2 * (img - img.mean())
        windowed = []
        t0 = time.perf_counter()
        ref_w = prep(ref)
        for i in range(1, len(frames)):
            shift = phase_cross_correlation(ref_w, prep(frames[i]), upsample_factor=UPSAMPLE,
                                            normalization=None)[0]
            windowed.append((-shift[1], -shift[0]))
        sk_win_ms = (time.perf_counter() - t0) * 1e3 / (len(frames) - 1)
        win_rms = np.sqrt(np.mean((np.array(windowed) - truth[:, 1:3]) ** 2))
        est = np.array(estimates)
        sk_rms = np.sqrt(np.mean((est - truth[:, 1:3]) ** 2))
        java_rms = np.sqrt(np.mean((java[:, 1:3] - truth[:, 1:3]) ** 2))
        print("| %s² | %s | %d | %.4f | %.4f | %.4f | %.1f | %.1f | %.1f | %.1f |" % (
            size, dose, len(frames) - 1, java_rms, sk_rms, win_rms, 1000 / java_ms, 1000 / sk_ms,
            1000 / sk_cached_ms, 1000 / sk_win_ms), flush=True)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/drift-compare")
