package org.operando.ops.export;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Encodes planes (resampling, compression: most of an export's CPU) on a few threads while the caller reads the next
 * records, and hands the results back on the caller's thread in submission order, so the output does not depend
 * on the number of threads. At most {@code 2 * threads} planes are in flight, which bounds the heap.
 */
final class ChunkEncoder implements AutoCloseable {
    private record Pending(Future<List<byte[]>> result, Consumer<List<byte[]>> then) {
    }

    private final ExecutorService pool;
    private final int inFlight;
    private final int level;
    private final Queue<Zlib> made = new ConcurrentLinkedQueue<>();
    private final ThreadLocal<Zlib> zlib;
    private final Queue<Pending> pending = new ArrayDeque<>();

    ChunkEncoder(int threads, int level) {
        if (threads < 1) {
            throw new IllegalArgumentException("An encoder needs at least one thread. Got " + threads);
        }
        this.level = level;
        this.inFlight = 2 * threads;
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "operando-export-encoder");
            t.setDaemon(true);
            return t;
        });
        this.zlib = ThreadLocal.withInitial(() -> {
            Zlib z = new Zlib(this.level);
            made.add(z);
            return z;
        });
    }

    /** Threads for this machine: its cores, at most 4. */
    static int defaultThreads() {
        return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    }

    /** Runs {@code work} on an encoder thread; {@code then} gets its result later, on this thread, in order. */
    void submit(Function<Zlib, List<byte[]>> work, Consumer<List<byte[]>> then) {
        pending.add(new Pending(pool.submit(() -> work.apply(zlib.get())), then));
        while (pending.size() > inFlight) {
            complete(pending.remove());
        }
    }

    /** Waits for everything submitted and hands it on. */
    void drain() {
        while (!pending.isEmpty()) {
            complete(pending.remove());
        }
    }

    private static void complete(Pending p) {
        try {
            p.then().accept(p.result().get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while encoding frames", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException r ? r : new IllegalStateException("Encoding a frame failed: " + cause, cause);
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
        try {
            pool.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        made.forEach(Zlib::close);
    }
}
