package org.operando.streams.correlation;

/**
 * One connected foreground component.
 *
 * @param areaPx    number of pixels
 * @param areaNm2   areaPx × pixelSize²
 * @param centroidX mean column of its pixels
 * @param centroidY mean row of its pixels
 */
public record Particle(int areaPx, double areaNm2, double centroidX, double centroidY) {
}
