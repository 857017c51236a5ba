package org.operando.schemas;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Kafka headers every producer sets, so a record whose body cannot be decoded can still be attributed to its
 * instrument in the dead-letter topic.
 */
public final class RecordHeaders {
    public static final String INSTRUMENT = "operando.instrument";
    /** Optional: the instrument's modality (EM, OPTICAL, ...) as its StreamDescriptor announces it. */
    public static final String MODALITY = "operando.modality";

    private RecordHeaders() {
    }

    public static void setInstrument(Headers headers, String instrumentId) {
        headers.remove(INSTRUMENT);
        headers.add(INSTRUMENT, instrumentId.getBytes(StandardCharsets.UTF_8));
    }

    public static void setModality(Headers headers, String modality) {
        headers.remove(MODALITY);
        headers.add(MODALITY, modality.getBytes(StandardCharsets.UTF_8));
    }

    /** The modality header, or null when absent. */
    public static String modality(Headers headers) {
        Header header = headers == null ? null : headers.lastHeader(MODALITY);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** The instrument id header, or null when absent. */
    public static String instrument(Headers headers) {
        if (headers == null) {
            return null;
        }
        Header header = headers.lastHeader(INSTRUMENT);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
