/**
 * Clock synchronisation kernel (no Kafka): pairs each instrument's trigger marks with the timing
 * generator's master edges and keeps an online least-squares line master = a + (1 + b)·instrument.
 * Entry point: {@link org.operando.streams.sync.ClockSync}. See docs/decisions/020-clock-sync-bound.md.
 */
package org.operando.streams.sync;
