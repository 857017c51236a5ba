#!/usr/bin/python3
"""Frames/s of skimage phase_cross_correlation(upsample_factor=20) on random 512² and 1024² pairs.

Run: /usr/bin/python3 tools/drift/skimage_speed.py (next to the JMH DriftBenchmark run)."""
import numpy as np, time
from skimage.registration import phase_cross_correlation
rng=np.random.default_rng(0)
for n in (512,1024):
    a=rng.random((n,n)); b=np.roll(a,(3,5),axis=(0,1))
    phase_cross_correlation(a,b,upsample_factor=20)
    t=time.perf_counter(); k=10
    for i in range(k): phase_cross_correlation(a,b,upsample_factor=20)
    print(n, (time.perf_counter()-t)/k*1e3, "ms")
