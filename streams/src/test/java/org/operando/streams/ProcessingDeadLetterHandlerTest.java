package org.operando.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.operando.schema.ReasonCode;
import org.operando.schema.Rejected;
import org.operando.schemas.AvroSerde;
import org.operando.schemas.ProcessingDeadLetterHandler;
import org.operando.schemas.ProductionDeadLetterHandler;
import org.operando.schemas.Topics;

/** A processor that throws for one record: that record becomes a dead letter naming the processor, the next one is processed. */
class ProcessingDeadLetterHandlerTest {
    private TopologyTestDriver driver;
    private TestInputTopic<String, String> input;
    private TestOutputTopic<String, String> output;
    private TestOutputTopic<String, Rejected> deadLetters;

    /** Upper-cases its input; throws for "poison", as a stage does for a record it cannot handle. */
    static final class Fragile implements Processor<String, String, String, String> {
        private ProcessorContext<String, String> context;

        @Override
        public void init(ProcessorContext<String, String> context) {
            this.context = context;
        }

        @Override
        public void process(Record<String, String> record) {
            if (record.value().equals("broken-store")) {
                throw new org.apache.kafka.streams.errors.ProcessorStateException("store failed");
            }
            if (record.value().equals("poison")) {
                throw new IllegalStateException("cannot handle " + record.value(), new ArithmeticException("/ by zero"));
            }
            context.forward(record.withValue(record.value().toUpperCase(java.util.Locale.ROOT)));
        }
    }

    static Topology topology() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
                .process(Fragile::new, Named.as("fragile-stage"))
                .to("out", Produced.with(Serdes.String(), Serdes.String()));
        return builder.build();
    }

    @BeforeEach
    void setUp() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "handler-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, ProcessingDeadLetterHandler.class.getName());
        props.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, ProductionDeadLetterHandler.class.getName());
        driver = new TopologyTestDriver(topology(), props);
        input = driver.createInputTopic("in", new StringSerializer(), new StringSerializer());
        output = driver.createOutputTopic("out", new StringDeserializer(), new StringDeserializer());
        deadLetters = driver.createOutputTopic(Topics.DEAD_LETTERS, new StringDeserializer(), AvroSerde.of(Rejected.class));
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    @Test
    void shouldDeadLetterRecordThatProcessorThrowsOnAndProcessTheNext() {
        RecordHeaders headers = new RecordHeaders();
        org.operando.schemas.RecordHeaders.setInstrument(headers, "em-1");
        input.pipeInput("run-1", "a", Instant.ofEpochMilli(10));
        input.pipeInput(new TestRecord<>("run-1", "poison", headers, Instant.ofEpochMilli(20)));
        input.pipeInput("run-1", "b", Instant.ofEpochMilli(30));

        assertThat(output.readValuesToList()).containsExactly("A", "B");
        List<TestRecord<String, Rejected>> dead = deadLetters.readRecordsToList();
        assertThat(dead).hasSize(1);
        Rejected r = dead.get(0).value();
        assertThat(dead.get(0).key()).isEqualTo("run-1");
        assertThat(r.getStage()).isEqualTo("fragile-stage");
        assertThat(r.getReasonCode()).isEqualTo(ReasonCode.STAGE_FAILURE);
        assertThat(r.getReason()).contains("IllegalStateException: cannot handle poison").contains("ArithmeticException: / by zero");
        assertThat(r.getSourceTopic()).isEqualTo("in");
        assertThat(r.getSourcePartition()).isZero();
        assertThat(r.getSourceOffset()).isEqualTo(1L);
        assertThat(r.getRunId()).isEqualTo("run-1");
        assertThat(r.getInstrumentId()).isEqualTo("em-1");
        assertThat(new String(r.getValue().array(), java.nio.charset.StandardCharsets.UTF_8)).as("the record's raw bytes").isEqualTo("poison");
        assertThat(dead.get(0).timestamp()).isEqualTo(20L);
    }

    @Test
    void shouldKeepProcessingAfterManyFailures() {
        for (int i = 0; i < 50; i++) {
            input.pipeInput("run-1", i % 2 == 0 ? "poison" : "x" + i);
        }
        assertThat(output.readValuesToList()).hasSize(25);
        assertThat(deadLetters.readValuesToList()).hasSize(25).allSatisfy(r -> assertThat(r.getStage()).isEqualTo("fragile-stage"));
    }

    @Test
    void shouldFailTheTaskForAFailureOfKafkaStreamsItself() {
        input.pipeInput("run-1", "a");
        assertThatThrownBy(() -> input.pipeInput("run-1", "broken-store")).isInstanceOf(StreamsException.class)
                .hasRootCauseMessage("store failed");
        assertThat(deadLetters.isEmpty()).as("not the record's fault: no dead letter").isTrue();
    }
}
