package org.operando.streams.pixels;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.operando.schema.InstrumentInfo;
import org.operando.schema.RunStart;
import org.operando.schema.StreamDescriptor;

/**
 * Every run's instrument modalities, for the pixel stage: a frame says it is an image but not whether EM or optical.
 * The per-run stage writes them ({@link #entries}) from RunStart and StreamDescriptor records to the compacted topic
 * {@code operando.instrument-modalities} (value: the modality name, then {@code |width|height|pixelType} when a
 * descriptor announces them); this processor keeps them in a global store that every instance holds in
 * full (a few bytes per instrument).
 */
public final class InstrumentModalities implements Processor<String, String, Void, Void> {
    public static final String STORE = "instrument-modalities";
    private KeyValueStore<String, String> store;

    public static String key(String runId, String instrumentId) {
        return runId + '\u0000' + instrumentId;
    }

    /** The modality entries a runs-topic record announces: the RunStart's instruments, or the descriptor's. */
    public static List<KeyValue<String, String>> entries(SpecificRecord value) {
        List<KeyValue<String, String>> out = new ArrayList<>();
        if (value instanceof RunStart start && start.getInstruments() != null) {
            for (InstrumentInfo i : start.getInstruments()) {
                if (i.getInstrumentId() != null && i.getModality() != null) {
                    out.add(KeyValue.pair(key(start.getRunId(), i.getInstrumentId()), i.getModality().name()));
                }
            }
        } else if (value instanceof StreamDescriptor d && d.getModality() != null) {
            out.add(KeyValue.pair(key(d.getRunId(), d.getInstrumentId()), d.getModality().name()
                    + (d.getWidth() != null && d.getHeight() != null && d.getPixelType() != null
                    ? "|" + d.getWidth() + "|" + d.getHeight() + "|" + d.getPixelType().name() : "")));
        }
        return out;
    }

    /** What the store says of an instrument: its modality and, from its descriptor, the frame shape (else nulls). */
    public record Announced(org.operando.schema.Modality modality, Integer width, Integer height, String pixelType) {
        public static Announced parse(String value) {
            if (value == null) {
                return null;
            }
            String[] p = value.split("\\|");
            try {
                org.operando.schema.Modality m = org.operando.schema.Modality.valueOf(p[0]);
                return p.length == 4 ? new Announced(m, Integer.valueOf(p[1]), Integer.valueOf(p[2]), p[3]) : new Announced(m, null, null, null);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<String, String> record) {
        if (record.key() != null) {
            if (record.value() == null) {
                store.delete(record.key());
            } else {
                store.put(record.key(), record.value());
            }
        }
    }
}
