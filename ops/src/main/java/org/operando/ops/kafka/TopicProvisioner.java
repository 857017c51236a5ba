package org.operando.ops.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.operando.schemas.Topics;

/** Creates the project's topics (idempotently) with the settings declared in {@link Topics}. */
public final class TopicProvisioner {
    private TopicProvisioner() {
    }

    /** The default bound on waiting for the cluster, ms; a client config's {@code default.api.timeout.ms} overrides it. */
    static final long DEFAULT_TIMEOUT_MS = 30_000;

    /**
     * Creates every missing topic with {@code partitions} partitions and {@code replication} replicas. Waits for the
     * cluster at most {@code default.api.timeout.ms} of the client config (30 s when not set).
     *
     * @throws KafkaUnreachableException when no broker answers within that time
     */
    public static void ensureTopics(Map<String, Object> clientConfig, int partitions, short replication) {
        long timeoutMs = timeoutMs(clientConfig);
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeoutMs);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeoutMs,
                Long.parseLong(String.valueOf(clientConfig.getOrDefault(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs)))));
        Object servers = clientConfig.get("bootstrap.servers");
        Admin admin = Admin.create(config);
        try {
            // Kafka's own timeout (default.api.timeout.ms) ends the call first, with its reason; this bound is a backstop
            Set<String> existing = admin.listTopics().names().get(timeoutMs + 5_000, TimeUnit.MILLISECONDS);
            List<NewTopic> missing = Topics.all().stream().filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, partitions, replication).configs(Topics.config(t))).toList();
            if (missing.isEmpty()) {
                return;
            }
            try {
                admin.createTopics(missing).all().get(timeoutMs + 5_000, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            awaitLeaders(admin, missing.stream().map(NewTopic::name).toList(), timeoutMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics on " + servers, e);
        } catch (TimeoutException e) {
            throw new KafkaUnreachableException(servers, timeoutMs, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw new KafkaUnreachableException(servers, timeoutMs, e.getCause());
            }
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException("Cannot create Operando's topics on " + servers + ": "
                    + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()), cause);
        } finally {
            admin.close(Duration.ofSeconds(5));
        }
    }

    /**
     * Waits until every partition of the new topics has a leader, so that the first records sent to them are not
     * refused while the brokers apply the creation (which lets a producer's later request overtake its first one).
     */
    private static void awaitLeaders(Admin admin, List<String> topics, long timeoutMs) throws InterruptedException, ExecutionException,
            TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (true) {
            boolean ready;
            try {
                var described = admin.describeTopics(topics).allTopicNames().get(timeoutMs + 5_000, TimeUnit.MILLISECONDS);
                ready = described.values().stream().flatMap(d -> d.partitions().stream())
                        .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
            } catch (ExecutionException e) {
                // the broker answering has not applied the creation yet ("does not host this topic-partition")
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.RetriableException)) {
                    throw e;
                }
                ready = false;
            }
            if (ready) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("partitions of " + topics + " have no leader after " + timeoutMs + " ms");
            }
            Thread.sleep(50);
        }
    }

    private static long timeoutMs(Map<String, Object> clientConfig) {
        Object v = clientConfig.get(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG);
        if (v == null) {
            return DEFAULT_TIMEOUT_MS;
        }
        try {
            long ms = Long.parseLong(v.toString().trim());
            if (ms > 0 && ms <= Integer.MAX_VALUE) {
                return ms;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG + " must be a positive number of ms. Got: " + v);
    }

    /** No broker of the cluster answered in time. */
    public static final class KafkaUnreachableException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        KafkaUnreachableException(Object servers, long timeoutMs, Throwable cause) {
            super(String.format(java.util.Locale.ROOT, "cannot reach Kafka at %s within %s (is the broker running? check --bootstrap-servers%s)",
                    servers, timeoutMs % 1000 == 0 ? timeoutMs / 1000 + " s" : timeoutMs + " ms",
                    ", and --kafka-config for TLS/SASL"), cause);
        }
    }
}
