package org.operando.ops.cli;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.operando.ops.kafka.ClientSettings;
import org.operando.ops.kafka.EmbeddedKafka;
import org.operando.ops.kafka.TopicProvisioner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Runs only the embedded broker, with Operando's topics, until interrupted. */
@Command(name = "broker", mixinStandardHelpOptions = true,
        description = "Run a single-node Kafka broker (KRaft) in this process and print its bootstrap address.")
public final class BrokerCommand implements Runnable {
    @ParentCommand
    OperandoCommand parent;

    @Option(names = "--dir", paramLabel = "DIR", description = "Broker data directory (kept; default: a temporary directory deleted on exit).")
    Path dir;

    @Option(names = "--port", defaultValue = "0", paramLabel = "PORT", description = "Listener port on 127.0.0.1 (default: a free port).")
    int port;

    @Override
    public void run() {
        if (parent.bootstrapServers != null) {
            throw new IllegalArgumentException("broker starts its own Kafka; it does not take --bootstrap-servers");
        }
        EmbeddedKafka kafka = dir == null ? EmbeddedKafka.inTempDir() : EmbeddedKafka.inDir(dir, port);
        kafka.start();
        TopicProvisioner.ensureTopics(ClientSettings.of(kafka.bootstrapServers(), parent.kafkaConfig).clientConfig(),
                parent.partitions, (short) 1);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            kafka.close();
            stopped.countDown();
        }, "operando-broker-shutdown"));
        System.out.println("bootstrap: " + kafka.bootstrapServers());
        System.out.println("data: " + kafka.logDir());
        System.out.println("broker running; Ctrl-C stops it");
        System.out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
