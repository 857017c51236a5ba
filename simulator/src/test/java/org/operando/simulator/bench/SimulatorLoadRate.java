package org.operando.simulator.bench;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import org.operando.simulator.EcBlockEvent;
import org.operando.simulator.FrameEvent;
import org.operando.simulator.SimEvent;

/**
 * Load-rate main: frames (or EC blocks) per second of <em>process CPU time</em> for each stream of
 * {@link SimulatorBenchmark}, which stays meaningful on a machine shared with other work (JMH's wall-clock
 * throughput does not). CPU time includes GC and JIT threads, so the figures are conservative.
 * Usage: {@code java -cp ... org.operando.simulator.bench.SimulatorLoadRate [seconds-per-stream]}.
 */
public final class SimulatorLoadRate {
    private SimulatorLoadRate() {
    }

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5.0;
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (String stream : new String[] {"em-512", "em-2048", "opt-256", "opt-512", "ec-100k"}) {
            SimulatorBenchmark b = new SimulatorBenchmark();
            b.stream = stream;
            b.setUp();
            runFor(b, seconds / 2, os); // warm-up
            long cpu0 = os.getProcessCpuTime();
            long wall0 = System.nanoTime();
            long n = runFor(b, seconds, os);
            double cpuS = (os.getProcessCpuTime() - cpu0) * 1e-9;
            double wallS = (System.nanoTime() - wall0) * 1e-9;
            System.out.printf(Locale.ROOT, "%-8s %8d items  %9.1f items per CPU-second  %9.1f items/s wall%n",
                    stream, n, n / cpuS, n / wallS);
        }
    }

    private static long runFor(SimulatorBenchmark b, double cpuSeconds, com.sun.management.OperatingSystemMXBean os) {
        long start = os.getProcessCpuTime();
        long n = 0;
        while (os.getProcessCpuTime() - start < cpuSeconds * 1e9) {
            SimEvent e = b.nextFrameOrBlock();
            if (e instanceof FrameEvent || e instanceof EcBlockEvent) {
                n++;
            }
        }
        return n;
    }

}
