/**
 * Co-registration kernels for correlative light and electron microscopy (CLEM): plain Java, no Kafka.
 *
 * <p>Pipeline: {@link org.operando.streams.registration.SpotDetector} localizes fiducials (fluorescent beads in the
 * optical image, gold particles in the EM image) to sub-pixel precision;
 * {@link org.operando.streams.registration.PointMatcher} pairs them by RANSAC starting from a
 * {@link org.operando.streams.registration.NominalTransform} (stage positions and nominal pixel sizes);
 * {@link org.operando.streams.registration.AffineFit} fits the affine map optical px &rarr; EM px by least squares
 * and predicts the target registration error (TRE). {@link org.operando.streams.registration.CoRegistration} runs
 * the three in one call.
 *
 * <p>Pixel convention everywhere in this package: the centre of pixel (column i, row j) is at (x, y) = (i, j);
 * x grows along a row, y grows down the rows. Images are row-major: index = y * width + x.
 */
package org.operando.streams.registration;
