package org.operando.simulator;

/**
 * The specimen: an electrode surface with nanoparticles, gold fiducials, fluorescent beads and fluorescent regions.
 *
 * <p>Particle radius r(t) = r0 · max(0.2, 1 + growthPerCharge · y(t)), where y is the deposited faradaic charge
 * normalised to one cathodic peak's charge, passed through a first-order lag with time constant {@code trueLagS}:
 * τ·dy/dt = x(t) − y.
 *
 * <p>Objects are placed without overlap; if the field is too crowded for that, fewer are placed than asked (the
 * truth lists in {@link Specimen} are what was rendered).
 *
 * @param particles              nanoparticles over the EM field (plus margin)
 * @param particleRadiusMinNm    smallest initial radius, nm
 * @param particleRadiusMaxNm    largest initial radius, nm
 * @param growthPerCharge        relative radius change per normalised charge
 * @param trueLagS               τ of the first-order lag between charge and radius, s (ground truth)
 * @param sharedFiducials        fiducials seen by EM and optical (gold-cored fluorescent beads), in the EM field
 * @param emOnlyFiducials        gold discs seen only by EM
 * @param opticalOnlyBeads       fluorescent beads outside the EM field
 * @param fiducialDiameterNm     gold fiducial diameter, nm
 * @param fluorescentRegions     diffuse fluorescent regions whose brightness follows y(t)
 * @param regionChemistryGain    relative brightness change per unit y
 */
public record SpecimenSettings(int particles, double particleRadiusMinNm, double particleRadiusMaxNm,
                               double growthPerCharge, double trueLagS, int sharedFiducials, int emOnlyFiducials,
                               int opticalOnlyBeads, double fiducialDiameterNm, int fluorescentRegions,
                               double regionChemistryGain) {
    public SpecimenSettings {
        Check.range("specimen.particles", particles, 0, 100_000);
        Check.positive("specimen.particleRadiusMinNm", particleRadiusMinNm);
        Check.range("specimen.particleRadiusMaxNm", particleRadiusMaxNm, particleRadiusMinNm, 1000.0);
        Check.range("specimen.growthPerCharge", growthPerCharge, 0.0, 10.0);
        Check.range("specimen.trueLagS", trueLagS, 1e-3, 1e4);
        Check.range("specimen.sharedFiducials", sharedFiducials, 0, 1000);
        Check.range("specimen.emOnlyFiducials", emOnlyFiducials, 0, 1000);
        Check.range("specimen.opticalOnlyBeads", opticalOnlyBeads, 0, 10_000);
        Check.range("specimen.fiducialDiameterNm", fiducialDiameterNm, 2.0, 200.0);
        Check.range("specimen.fluorescentRegions", fluorescentRegions, 0, 1000);
        Check.range("specimen.regionChemistryGain", regionChemistryGain, 0.0, 10.0);
    }

    public static SpecimenSettings defaults() {
        return new SpecimenSettings(60, 4.0, 14.0, 0.5, 2.0, 20, 6, 40, 15.0, 4, 0.6);
    }

    public SpecimenSettings withTrueLagS(double value) {
        return new SpecimenSettings(particles, particleRadiusMinNm, particleRadiusMaxNm, growthPerCharge, value,
                sharedFiducials, emOnlyFiducials, opticalOnlyBeads, fiducialDiameterNm, fluorescentRegions,
                regionChemistryGain);
    }

    public SpecimenSettings withParticleRadiiNm(double min, double max) {
        return new SpecimenSettings(particles, min, max, growthPerCharge, trueLagS, sharedFiducials, emOnlyFiducials,
                opticalOnlyBeads, fiducialDiameterNm, fluorescentRegions, regionChemistryGain);
    }

    public SpecimenSettings withFiducials(int shared, int emOnly, double diameterNm) {
        return new SpecimenSettings(particles, particleRadiusMinNm, particleRadiusMaxNm, growthPerCharge, trueLagS,
                shared, emOnly, opticalOnlyBeads, diameterNm, fluorescentRegions, regionChemistryGain);
    }

    public SpecimenSettings withParticles(int value) {
        return new SpecimenSettings(value, particleRadiusMinNm, particleRadiusMaxNm, growthPerCharge, trueLagS,
                sharedFiducials, emOnlyFiducials, opticalOnlyBeads, fiducialDiameterNm, fluorescentRegions,
                regionChemistryGain);
    }
}
