package org.operando.streams.drift;

import static org.assertj.core.api.Assertions.assertThat;

import org.operando.simulator.FrameEvent;
import org.operando.simulator.Modality;
import org.operando.simulator.Profile;
import org.operando.simulator.SimEvent;
import org.operando.simulator.Simulation;
import org.operando.simulator.SimulationSettings;

/** The drift tracker on the simulator's EM frames (512², default dose), judged against the true drift. */
class SimulatorDriftAccuracyTest {
    /**
     * default: 512², 2 nm pixels, moderate dose — the stated accuracy (≤ 0.05 px RMS per axis). coregistration: 1024²,
     * 4 nm pixels, few small particles — a low normalized correlation peak; this guards that such frames are still
     * tracked (they were once all rejected, 1.9 px error; then chained through a new keyframe every frame, 0.25 px).
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"default, 0.05, 0.06", "coregistration, 0.12, 0.17"})
    void shouldTrackSimulatedEmDriftWithinStatedRmsPerAxis(String profile, double maxPerAxis, double maxEuclidean) {
        SimulationSettings settings = Profile.byName(profile).settings().withDurationNs(40_000_000_000L);
        Simulation sim = Simulation.create(settings);
        DriftTracker tracker = null;
        double[] anchor = null;
        double sumSq = 0;
        double rawSq = 0;
        int n = 0;
        while (sim.hasNext()) {
            SimEvent e = sim.next();
            if (e instanceof FrameEvent f && f.modality() == Modality.EM) {
                if (tracker == null) {
                    tracker = DriftTracker.create(DriftSettings.defaults(), f.width(), f.height());
                    anchor = new double[] {f.driftXPx(), f.driftYPx()};
                }
                DriftState s = tracker.update(f.sequence(), f.pixels());
                double ex = s.smoothDxPx() - (f.driftXPx() - anchor[0]);
                double ey = s.smoothDyPx() - (f.driftYPx() - anchor[1]);
                sumSq += ex * ex + ey * ey;
                double rx = s.rawDxPx() - (f.driftXPx() - anchor[0]);
                double ry = s.rawDyPx() - (f.driftYPx() - anchor[1]);
                rawSq += rx * rx + ry * ry;
                n++;
            }
        }
        double perAxis = Math.sqrt(sumSq / n / 2);
        double euclidean = Math.sqrt(sumSq / n);
        System.out.printf("%s: simulated EM drift: RMS error %.4f px per axis, %.4f px Euclidean over %d frames (raw %.4f Euclidean)%n",
                profile, perAxis, euclidean, n, Math.sqrt(rawSq / n));
        assertThat(n).isGreaterThan(150);
        assertThat(perAxis).as("RMS per axis, as scikit-image's comparison reports it").isLessThanOrEqualTo(maxPerAxis);
        assertThat(euclidean).isLessThanOrEqualTo(maxEuclidean);
        assertThat(sumSq).as("smoothing must not be worse than the raw measurement").isLessThanOrEqualTo(rawSq);
    }
}
