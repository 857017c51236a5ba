package org.operando.ops.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.ListenerNotFoundException;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Peak heap of this JVM while something runs: the most heap in use, sampled every 20 ms and read from every GC's
 * "before" figures, and the most still in use after a collection (the live set, which is what a workload needs).
 * Both cover the whole JVM: in the benchmark that is the embedded broker and the processors together.
 */
public final class HeapWatch implements AutoCloseable {
    /** Peaks in bytes; {@code baselineBytes} is the heap in use after a full collection just before the watch began. */
    public record Peak(long baselineBytes, long usedBytes, long liveBytes) {
    }

    private final AtomicLong used = new AtomicLong();
    private final AtomicLong live = new AtomicLong();
    private final long baseline;
    private final List<Runnable> unsubscribe = new ArrayList<>();
    private final Thread sampler;
    private volatile boolean running = true;

    private HeapWatch() {
        System.gc();
        baseline = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        used.set(baseline);
        live.set(baseline);
        NotificationListener listener = (notification, handback) -> {
            if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData()).getGcInfo();
                used.accumulateAndGet(heap(info.getMemoryUsageBeforeGc()), Math::max);
                live.accumulateAndGet(heap(info.getMemoryUsageAfterGc()), Math::max);
            }
        };
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, null, null);
                unsubscribe.add(() -> {
                    try {
                        emitter.removeNotificationListener(listener);
                    } catch (ListenerNotFoundException ignored) {
                        // already gone
                    }
                });
            }
        }
        sampler = new Thread(() -> {
            while (running) {
                used.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "operando-heap-watch");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** Collects garbage, notes the baseline and starts watching. */
    public static HeapWatch start() {
        return new HeapWatch();
    }

    public Peak peak() {
        return new Peak(baseline, used.get(), live.get());
    }

    private static long heap(java.util.Map<String, MemoryUsage> pools) {
        long sum = 0;
        for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP && pools.containsKey(pool.getName())) {
                sum += pools.get(pool.getName()).getUsed();
            }
        }
        return sum;
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
        unsubscribe.forEach(Runnable::run);
    }
}
