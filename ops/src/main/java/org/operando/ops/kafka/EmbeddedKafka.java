package org.operando.ops.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Properties;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.operando.schemas.Topics;

/**
 * A single-node Kafka broker in KRaft mode (combined broker and controller) running inside this JVM, built from
 * Maven Central's Kafka artifacts. It listens on free loopback ports chosen at first start and keeps them, and its
 * log directory, across {@link #stop()} / {@link #start()}, so data survives a broker restart.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private final Path logDir;
    private final boolean deleteOnClose;
    private final int brokerPort;
    private final int controllerPort;
    private final String clusterId = Uuid.randomUuid().toString();
    private boolean formatted;
    private KafkaRaftServer server;

    private EmbeddedKafka(Path logDir, boolean deleteOnClose, int brokerPort, int controllerPort) {
        this.logDir = logDir;
        this.deleteOnClose = deleteOnClose;
        this.brokerPort = brokerPort;
        this.controllerPort = controllerPort;
    }

    /** A broker whose data lives in a fresh temporary directory, deleted on {@link #close()}. */
    public static EmbeddedKafka inTempDir() {
        try {
            return new EmbeddedKafka(Files.createTempDirectory("operando-kafka-"), true, freePort(), freePort());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temporary directory for the embedded broker", e);
        }
    }

    /** A broker whose data lives in {@code dir} (created if missing, kept on close). */
    public static EmbeddedKafka inDir(Path dir, int port) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create broker directory " + dir, e);
        }
        boolean reuse = Files.exists(dir.resolve("meta.properties"));
        EmbeddedKafka kafka = new EmbeddedKafka(dir, false, port == 0 ? freePort() : port, freePort());
        kafka.formatted = reuse;
        return kafka;
    }

    public synchronized EmbeddedKafka start() {
        if (server != null) {
            return this;
        }
        try {
            if (!formatted) {
                format();
                formatted = true;
            }
            server = new KafkaRaftServer(new KafkaConfig(properties()), Time.SYSTEM);
            server.startup();
            return this;
        } catch (Exception e) {
            server = null;
            throw new IllegalStateException("Embedded Kafka broker failed to start in " + logDir + ": " + e.getMessage(), e);
        }
    }

    /** Stops the broker cleanly; data stays in the log directory and {@link #start()} brings it back. */
    public synchronized void stop() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    public Path logDir() {
        return logDir;
    }

    @Override
    public void close() {
        stop();
        if (deleteOnClose) {
            try (Stream<Path> files = Files.walk(logDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot delete " + logDir, e);
            }
        }
    }

    private void format() throws Exception {
        new Formatter()
                .setNodeId(1)
                .setClusterId(clusterId)
                .addDirectory(logDir.toString())
                .setMetadataLogDirectory(logDir.toString())
                .setControllerListenerName("CONTROLLER")
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                .setPrintStream(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
                .run();
    }

    private Properties properties() {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        p.put("metadata.log.dir", logDir.toString());
        p.put("num.partitions", "1");
        p.put("auto.create.topics.enable", "false");
        // a single node must not wait for replicas that do not exist (Streams hangs in REBALANCING otherwise)
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "4");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("message.max.bytes", Integer.toString(Topics.MAX_RECORD_BYTES + 1024 * 1024));
        p.put("replica.fetch.max.bytes", Integer.toString(Topics.MAX_RECORD_BYTES + 1024 * 1024));
        p.put("socket.request.max.bytes", Integer.toString(2 * Topics.MAX_RECORD_BYTES));
        p.put("log.segment.bytes", Integer.toString(256 * 1024 * 1024));
        return p;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free loopback port for the embedded broker", e);
        }
    }
}
