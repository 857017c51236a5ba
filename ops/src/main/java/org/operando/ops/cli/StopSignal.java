package org.operando.ops.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ctrl-C (SIGINT/SIGTERM) for a long command: the flag is set, and the JVM waits until the command has finished
 * cleanly (written its summary or index) before it exits. Close it when the command is done.
 */
final class StopSignal implements AutoCloseable {
    private final AtomicBoolean stop = new AtomicBoolean();
    private final CountDownLatch done = new CountDownLatch(1);
    private final Thread hook;

    private StopSignal(String name) {
        hook = new Thread(() -> {
            stop.set(true);
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name);
        Runtime.getRuntime().addShutdownHook(hook);
    }

    static StopSignal install(String name) {
        return new StopSignal(name);
    }

    AtomicBoolean flag() {
        return stop;
    }

    @Override
    public void close() {
        done.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // Ctrl-C: the hook is running and has been released
        }
    }
}
