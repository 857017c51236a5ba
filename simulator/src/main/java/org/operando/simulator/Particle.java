package org.operando.simulator;

/**
 * A nanoparticle on the electrode (seen by EM only). Its radius at time t is baseRadiusNm · radius scale(t).
 *
 * @param xNm          specimen x, nm
 * @param yNm          specimen y, nm
 * @param baseRadiusNm radius at zero deposited charge, nm
 * @param contrast     fraction of the beam it removes at full coverage (0..1)
 */
public record Particle(double xNm, double yNm, double baseRadiusNm, double contrast) {
    public Particle {
        Check.positive("baseRadiusNm", baseRadiusNm);
        Check.fraction("contrast", contrast);
    }
}
