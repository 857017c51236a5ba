package org.operando.streams.correlation;

import java.util.List;

/**
 * Particles found in one frame, after the minimum-size filter.
 *
 * @param count       number of particles
 * @param areaPx      total projected area in pixels
 * @param areaNm2     total projected area in nm²
 * @param level       the intensity level used to separate particles from background
 * @param particles   the particles, in raster order of their first pixel
 */
public record ParticleStats(int count, long areaPx, double areaNm2, double level, List<Particle> particles) {

    public ParticleStats {
        particles = List.copyOf(particles);
        if (count != particles.size()) {
            throw new IllegalArgumentException("Count " + count + " disagrees with " + particles.size() + " particles");
        }
    }
}
