package org.operando.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/** Every published schema must stay readable against its committed previous version, both ways. */
class SchemaCompatibilityTest {
    @Test
    void shouldKeepEverySchemaCompatibleWithItsCommittedPreviousVersion() {
        Map<String, Schema> history = SchemaRegistry.loadHistory();
        for (Class<? extends SpecificRecord> type : SchemaRegistry.RECORD_TYPES) {
            Schema current = SpecificData.get().getSchema(type);
            Schema previous = history.get(current.getFullName());
            assertThat(previous).as("committed previous version of " + current.getName()
                    + " (add it under schemas/src/main/resources/avro-history)").isNotNull();
            assertThat(SchemaCompatibility.checkReaderWriterCompatibility(current, previous).getType())
                    .as("current %s reads data written with the previous version", current.getName())
                    .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
            assertThat(SchemaCompatibility.checkReaderWriterCompatibility(previous, current).getType())
                    .as("previous %s reads data written with the current version", current.getName())
                    .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        }
    }

    @Test
    void shouldDetectAnIncompatibleChange() {
        Schema current = SpecificData.get().getSchema(org.operando.schema.TriggerMark.class);
        Schema broken = new Schema.Parser().parse(current.toString().replace(
                "\"name\":\"instrumentTimeNs\",\"type\":\"long\"", "\"name\":\"instrumentTimeNs\",\"type\":\"string\""));
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(broken, current).getType())
                .isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
    }

    @Test
    void shouldDocumentEveryField() {
        for (Class<? extends SpecificRecord> type : SchemaRegistry.RECORD_TYPES) {
            Schema schema = SpecificData.get().getSchema(type);
            assertThat(schema.getDoc()).as(schema.getName() + " doc").isNotBlank();
            for (Schema.Field field : schema.getFields()) {
                assertThat(field.doc()).as(schema.getName() + "." + field.name() + " doc").isNotBlank();
                if (field.name().endsWith("Ns") || field.name().contains("TimeNs")) {
                    assertThat(field.schema().toString()).as(field.name() + " is a long or double of nanoseconds")
                            .containsAnyOf("long", "double");
                }
            }
        }
    }
}
