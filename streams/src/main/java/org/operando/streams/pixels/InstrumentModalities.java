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
 * {@code operando.instrument-modalities}; this processor keeps them in a global store that every instance holds in
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
            out.add(KeyValue.pair(key(d.getRunId(), d.getInstrumentId()), d.getModality().name()));
        }
        return out;
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
