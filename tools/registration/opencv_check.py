#!/usr/bin/python3
"""Independent reference for AffineFit: OpenCV's cv2.estimateAffine2D on the same point pairs.

Input (stdin or a file argument): one pair per line, whitespace separated: x_opt y_opt x_em y_em
(lines starting with '#' are ignored).
Output (stdout): the 2x3 affine optical px -> EM px as six numbers on one line, row-major:
a b tx c d ty

With no outliers, RANSAC with a huge threshold keeps every pair and OpenCV's Levenberg-Marquardt refinement then
minimizes the sum of squared residuals, i.e. it converges to the ordinary least-squares affine, which is what
AffineFit.leastSquares() computes with EJML.  Exit code 2 if cv2 is not importable.
"""
import sys

try:
    import cv2
    import numpy as np
except ImportError as exc:  # pragma: no cover
    print(f"opencv_check: cv2/numpy not available: {exc}", file=sys.stderr)
    sys.exit(2)


def main() -> int:
    stream = open(sys.argv[1]) if len(sys.argv) > 1 else sys.stdin
    rows = [line.split() for line in stream if line.strip() and not line.startswith("#")]
    data = np.array(rows, dtype=np.float64)
    if data.ndim != 2 or data.shape[1] != 4 or data.shape[0] < 3:
        print(f"opencv_check: need >= 3 lines of 4 numbers, got shape {data.shape}", file=sys.stderr)
        return 1
    src = np.ascontiguousarray(data[:, 0:2])
    dst = np.ascontiguousarray(data[:, 2:4])
    matrix, inliers = cv2.estimateAffine2D(src, dst, method=cv2.RANSAC, ransacReprojThreshold=1e9,
                                           maxIters=2000, confidence=0.999, refineIters=1000)
    if matrix is None or int(inliers.sum()) != data.shape[0]:
        print("opencv_check: estimateAffine2D failed or dropped pairs", file=sys.stderr)
        return 1
    print(" ".join(repr(float(v)) for v in matrix.reshape(-1)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
