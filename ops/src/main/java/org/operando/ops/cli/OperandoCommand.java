package org.operando.ops.cli;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** Top-level command: global Kafka options, and the roles as subcommands. */
@Command(name = "operando", mixinStandardHelpOptions = true, version = "operando 0.1.0",
        description = "Live correlation of electron-microscope, optical and electrochemical data on Kafka.",
        subcommands = {DemoCommand.class, SimulateCommand.class, ProcessCommand.class, BrokerCommand.class, RecordCommand.class, ReplayCommand.class,
                BenchCommand.class, ExportCommand.class, IngestCommand.class, DashboardCommand.class, HttpPasswordCommand.class})
public final class OperandoCommand implements Runnable {
    @Option(names = "--bootstrap-servers", scope = ScopeType.INHERIT, paramLabel = "HOST:PORT[,...]",
            description = "Use this existing Kafka cluster instead of starting the embedded broker.")
    String bootstrapServers;

    @Option(names = "--kafka-config", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "Kafka client properties (TLS, SASL, ...) passed to every client unchanged.")
    Path kafkaConfig;

    @Option(names = "--partitions", scope = ScopeType.INHERIT, defaultValue = "2", paramLabel = "N",
            description = "Partitions per topic when Operando creates its topics (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--replication-factor", scope = ScopeType.INHERIT, defaultValue = "1", paramLabel = "N",
            description = "Replication factor of topics Operando creates on an external cluster (default: ${DEFAULT-VALUE}).")
    short replicationFactor;

    /** The external cluster's client settings, for a command that cannot run without one ({@code which}: which cluster). */
    org.operando.ops.kafka.ClientSettings requireCluster(String command, String which) {
        if (bootstrapServers == null) {
            throw new IllegalArgumentException(command + " needs --bootstrap-servers " + which);
        }
        return org.operando.ops.kafka.ClientSettings.of(bootstrapServers, kafkaConfig);
    }

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                "a command is required: demo, simulate, process, broker, record, replay, bench, export, ingest, dashboard or http-password");
    }
}
