package org.operando.ops.pipeline;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.operando.ops.kafka.ClientSettings;
import org.operando.schemas.DeadLetterHandler;
import org.operando.schemas.ProcessingDeadLetterHandler;
import org.operando.schemas.ProductionDeadLetterHandler;
import org.operando.schemas.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs one Kafka Streams application of Operando's processors: configuration and lifecycle only. */
public final class StreamsRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamsRunner.class);
    private final KafkaStreams streams;
    private final AtomicLong threadsReplaced = new AtomicLong();
    private final String applicationId;

    public StreamsRunner(Topology topology, ClientSettings client, String applicationId, Path stateDir, Map<String, Object> overrides) {
        this.applicationId = applicationId;
        Properties props = new Properties();
        props.putAll(client.clientConfig());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        // a result is visible to read_committed readers only after two commits (the pixel task's analysis, then the
        // run task's result): 100 ms keeps that wait within the latency budget of a live view
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        // results depend only on each stream's own order and event times (decision 005), never on how Kafka Streams
        // interleaves a task's topics, so a task does not wait for empty partitions: a partition that stays empty
        // (the runs topic during a run, the dead-letter topic) would hold every record behind it for the idle time
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, 0L);
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 1024 * 1024);
        // no record stops a stream thread: undecodable records, records a processor throws on, and results too large to
        // publish become dead letters (docs/dead-letters.md); a thread that dies anyway is replaced (below)
        withDeadLetterHandlers(props);
        props.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), Topics.MAX_RECORD_BYTES);
        // image stages can take seconds per poll on a loaded machine: do not let the coordinator fence the task
        props.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG), 120_000);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG), 600_000);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG), Topics.MAX_RECORD_BYTES);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.FETCH_MAX_BYTES_CONFIG), Topics.MAX_RECORD_BYTES);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), 50);
        props.put(StreamsConfig.topicPrefix("max.message.bytes"), Topics.MAX_RECORD_BYTES);
        props.putAll(new HashMap<>(overrides));
        this.streams = new KafkaStreams(topology, props);
        streams.setUncaughtExceptionHandler(this::replaceThread);
    }

    /**
     * A stream thread that dies (an error no handler took: a broker failure, a bug in a handler, an {@link Error}) is
     * replaced, and its tasks resume from their last commit, instead of the whole client shutting down.
     */
    private StreamThreadExceptionResponse replaceThread(Throwable e) {
        long n = threadsReplaced.incrementAndGet();
        LOG.error("Stream thread {} of {} died; replacing it ({} replaced so far): {}", Thread.currentThread().getName(),
                applicationId, n, e.toString(), e);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    /** Stream threads replaced after dying since start (count): 0 unless something no handler took went wrong. */
    public long threadsReplaced() {
        return threadsReplaced.get();
    }

    /**
     * Sets the handlers by which no record stops a stream thread (undecodable, thrown on, too large to publish: dead
     * letters); every topology this project runs, in Kafka Streams or a TopologyTestDriver, uses them.
     */
    public static java.util.Properties withDeadLetterHandlers(java.util.Properties props) {
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class.getName());
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, ProcessingDeadLetterHandler.class.getName());
        props.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, ProductionDeadLetterHandler.class.getName());
        return props;
    }

    /**
     * Starts the processors, then, once per JVM, runs a short simulated run through the topology while the group forms
     * ({@link PipelineWarmup#once}), so the first records of the first run are not processed by interpreted code.
     */
    public StreamsRunner start() {
        streams.start();
        PipelineWarmup.once();
        return this;
    }

    public String applicationId() {
        return applicationId;
    }

    public KafkaStreams streams() {
        return streams;
    }

    public boolean isRunning() {
        return streams.state() == KafkaStreams.State.RUNNING;
    }

    /** Reads a key-value store of counts; empty while the application is not running yet. */
    public Map<String, Long> counts(String store) {
        return read(store);
    }

    /** Reads a key-value store of this instance's tasks; empty while the application is not running yet or rebalancing. */
    public <V> Map<String, V> read(String store) {
        Map<String, V> out = new java.util.TreeMap<>();
        if (!isRunning()) {
            return out;
        }
        try {
            ReadOnlyKeyValueStore<String, V> view = streams.store(
                    StoreQueryParameters.fromNameAndType(store, QueryableStoreTypes.<String, V>keyValueStore()));
            try (KeyValueIterator<String, V> it = view.all()) {
                it.forEachRemaining(kv -> out.put(kv.key, kv.value));
            }
        } catch (org.apache.kafka.streams.errors.InvalidStateStoreException e) {
            // rebalancing: report nothing rather than a partial view
        }
        return out;
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(30));
    }
}
