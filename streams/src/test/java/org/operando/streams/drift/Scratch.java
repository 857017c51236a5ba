package org.operando.streams.drift;

import java.util.SplittableRandom;

public class Scratch {
    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        double dose = Double.parseDouble(args[1]);
        Apodization win = Apodization.valueOf(args[2]);
        double alpha = Double.parseDouble(args[3]);
        SyntheticSpecimen s = SyntheticSpecimen.create(n, n, 7);
        PhaseCorrelator pc = PhaseCorrelator.create(n, n, CorrelatorSettings.defaults().withWindow(win, alpha));
        double[] r0 = s.render(n, n, 0, 0);
        ReferenceSpectrum ref = pc.reference(dose > 0 ? SyntheticSpecimen.poisson(r0, dose, 1) : SyntheticSpecimen.toFloat(r0));
        SplittableRandom rnd = new SplittableRandom(3);
        double se = 0; int k = 0;
        long t = 0;
        for (int i = 0; i < 20; i++) {
            double dx = rnd.nextDouble(-10, 10), dy = rnd.nextDouble(-10, 10);
            double[] m = s.render(n, n, dx, dy);
            float[] mf = dose > 0 ? SyntheticSpecimen.poisson(m, dose, 100 + i) : SyntheticSpecimen.toFloat(m);
            long t0 = System.nanoTime();
            ShiftEstimate e = pc.estimate(ref, mf);
            t += System.nanoTime() - t0;
            se += Math.pow(e.dxPx() - dx, 2) + Math.pow(e.dyPx() - dy, 2); k += 2;
            if (i < 4) System.out.printf("%.4f %.4f -> %.4f %.4f conf %.1f peak %.3f%n", dx, dy, e.dxPx(), e.dyPx(), e.confidence(), e.peakHeight());
        }
        System.out.printf("RMS %.4f px, %.1f ms/frame%n", Math.sqrt(se / k), t / 1e6 / 20);
    }
}
