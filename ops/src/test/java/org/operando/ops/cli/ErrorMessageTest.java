package org.operando.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.NoSuchFileException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class ErrorMessageTest {
    @Test
    void shouldNeverSayNullForAnExceptionWithoutMessage() {
        assertThat(ErrorMessage.of(new IllegalStateException("Cannot create topics", new TimeoutException())))
                .isEqualTo("Cannot create topics: timed out");
        assertThat(ErrorMessage.of(new NullPointerException())).isEqualTo("null pointer exception");
    }

    @Test
    void shouldSkipWrappersThatAddNothing() {
        Exception cause = new IllegalArgumentException("frame 3 is 10 bytes short");
        assertThat(ErrorMessage.of(new RuntimeException(new ExecutionException(cause)))).isEqualTo("frame 3 is 10 bytes short");
        assertThat(ErrorMessage.of(new IllegalStateException("export failed: frame 3 is 10 bytes short", cause)))
                .isEqualTo("export failed: frame 3 is 10 bytes short");
    }

    @Test
    void shouldSayWhatAFileErrorIsAboutBesidesItsPath() {
        assertThat(ErrorMessage.of(new java.io.UncheckedIOException(new NoSuchFileException("/data/run.mrc"))))
                .isEqualTo("no such file or directory: /data/run.mrc");
        assertThat(ErrorMessage.of(new IllegalArgumentException("Cannot open manifest", new java.nio.file.AccessDeniedException("/data/m.yaml"))))
                .isEqualTo("Cannot open manifest: permission denied: /data/m.yaml");
    }

    @Test
    void shouldKeepTheMessageOnOneLine() {
        assertThat(ErrorMessage.of(new IllegalStateException("first line\n  second line"))).isEqualTo("first line second line");
    }

    @Test
    void shouldSuggestTheUsualCauseOfAKafkaClientTimeout() {
        assertThat(ErrorMessage.of(new org.apache.kafka.common.errors.TimeoutException("Timeout expired while fetching topic metadata")))
                .isEqualTo("Timeout expired while fetching topic metadata (is the Kafka cluster reachable? check --bootstrap-servers and --kafka-config)");
    }
}
