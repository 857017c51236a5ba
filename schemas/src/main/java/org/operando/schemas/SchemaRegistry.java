package org.operando.schemas;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.operando.schema.ClockModel;
import org.operando.schema.CorrelatedSample;
import org.operando.schema.CorrelationResult;
import org.operando.schema.FrameAnalysis;
import org.operando.schema.DriftEstimate;
import org.operando.schema.ElectrochemBlock;
import org.operando.schema.Frame;
import org.operando.schema.GroundTruth;
import org.operando.schema.Registration;
import org.operando.schema.ReasonCode;
import org.operando.schema.Rejected;
import org.operando.schema.RunStart;
import org.operando.schema.RunStop;
import org.operando.schema.StreamDescriptor;
import org.operando.schema.TriggerMark;

/**
 * The project's published record types and their Avro single-object encoding.
 *
 * <p>Wire format (Avro specification, "single object encoding"): {@code C3 01}, the 8-byte little-endian
 * CRC-64-AVRO fingerprint of the writer schema's parsing canonical form, then the Avro binary body. A reader
 * looks the fingerprint up among the current schemas and the committed previous versions
 * ({@code /avro-history/*.avsc} on the classpath) and resolves the writer schema to the current one, so records
 * written by an older producer stay readable.
 */
public final class SchemaRegistry {
    /** Every top-level record type, in the order of DESIGN.md. */
    public static final List<Class<? extends SpecificRecord>> RECORD_TYPES = List.of(
            RunStart.class, RunStop.class, StreamDescriptor.class, Frame.class, ElectrochemBlock.class,
            TriggerMark.class, ClockModel.class, DriftEstimate.class, Registration.class, CorrelatedSample.class,
            GroundTruth.class, Rejected.class, CorrelationResult.class, FrameAnalysis.class);

    private static final int HEADER_LENGTH = 10;
    /**
     * Largest array or map a record may hold (items): a corrupt item count must fail as a decode error, not allocate an
     * array of billions of references (an {@link OutOfMemoryError} would stop the stream thread).
     */
    static final int MAX_COLLECTION_ITEMS = 4 * 1024 * 1024;
    /**
     * Largest encoded value the serdes write: {@link Topics#MAX_RECORD_BYTES} (the topics' {@code max.message.bytes} and
     * the processors' {@code max.request.size}) less room for the key, headers and batch overhead.
     */
    public static final int MAX_PUBLISHED_BYTES = Topics.MAX_RECORD_BYTES - 16 * 1024;

    static {
        // Avro reads these once, when its SystemLimitException class loads: before any decoding (see docs/dead-letters.md)
        System.setProperty("org.apache.avro.limits.bytes.maxLength",
                System.getProperty("org.apache.avro.limits.bytes.maxLength", Integer.toString(Topics.MAX_RECORD_BYTES)));
        System.setProperty("org.apache.avro.limits.string.maxLength",
                System.getProperty("org.apache.avro.limits.string.maxLength", Integer.toString(Topics.MAX_RECORD_BYTES)));
        System.setProperty("org.apache.avro.limits.collectionItems.maxLength",
                System.getProperty("org.apache.avro.limits.collectionItems.maxLength", Integer.toString(MAX_COLLECTION_ITEMS)));
    }

    private static final SchemaRegistry INSTANCE = new SchemaRegistry();

    private final Map<Long, Class<? extends SpecificRecord>> typeByFingerprint = new HashMap<>();
    private final Map<Class<?>, BinaryMessageEncoder<?>> encoders = new LinkedHashMap<>();
    private final Map<Class<?>, BinaryMessageDecoder<?>> decoders = new LinkedHashMap<>();

    private SchemaRegistry() {
        SchemaStore.Cache history = new SchemaStore.Cache();
        Map<String, Schema> historical = loadHistory();
        for (Class<? extends SpecificRecord> type : RECORD_TYPES) {
            Schema schema = SpecificData.get().getSchema(type);
            typeByFingerprint.put(SchemaNormalization.parsingFingerprint64(schema), type);
            Schema previous = historical.get(schema.getFullName());
            if (previous != null) {
                history.addSchema(previous);
                typeByFingerprint.put(SchemaNormalization.parsingFingerprint64(previous), type);
            }
        }
        for (Class<? extends SpecificRecord> type : RECORD_TYPES) {
            Schema schema = SpecificData.get().getSchema(type);
            encoders.put(type, new BinaryMessageEncoder<>(SpecificData.get(), schema));
            decoders.put(type, new BinaryMessageDecoder<>(SpecificData.get(), schema, history));
        }
    }

    public static SchemaRegistry get() {
        return INSTANCE;
    }

    /** Encodes a record in single-object encoding. */
    @SuppressWarnings("unchecked")
    public <T extends SpecificRecord> byte[] encode(T record) {
        BinaryMessageEncoder<T> encoder = (BinaryMessageEncoder<T>) encoders.get(record.getClass());
        if (encoder == null) {
            throw new IllegalArgumentException("Not an Operando record type: " + record.getClass().getName());
        }
        try {
            ByteBuffer buffer = encoder.encode(record);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException | AvroRuntimeException | NullPointerException | ClassCastException e) {
            throw new RecordDecodeException(ReasonCode.INCONSISTENT, "Cannot encode " + record.getSchema().getName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Encodes a record for a Kafka topic: as {@link #encode}, but a record larger than a topic accepts
     * ({@link #MAX_PUBLISHED_BYTES}) fails here, as a serialization error that Kafka Streams hands to its production
     * handler, rather than in the producer, where under exactly-once it would abort the task's transaction (and the task
     * would meet the same record again after its restart).
     */
    public <T extends SpecificRecord> byte[] encodeForTopic(T record) {
        byte[] bytes = encode(record);
        if (bytes.length > MAX_PUBLISHED_BYTES) {
            throw new RecordDecodeException(ReasonCode.RECORD_TOO_LARGE, record.getSchema().getName() + " of " + bytes.length
                    + " bytes is larger than a record may be (" + MAX_PUBLISHED_BYTES + " bytes)");
        }
        return bytes;
    }

    /** Decodes bytes that must hold a record of {@code type} (or of an earlier version of it). */
    @SuppressWarnings("unchecked")
    public <T extends SpecificRecord> T decode(byte[] bytes, Class<T> type) {
        Class<? extends SpecificRecord> actual = typeOf(bytes);
        if (actual != type) {
            throw new RecordDecodeException(ReasonCode.WRONG_TYPE, "Expected a " + type.getSimpleName() + " record but the fingerprint is that of "
                    + actual.getSimpleName());
        }
        return (T) decodeBody(bytes, type);
    }

    /** Decodes bytes holding any Operando record type, chosen by the fingerprint. */
    public SpecificRecord decodeAny(byte[] bytes) {
        return decodeBody(bytes, typeOf(bytes));
    }

    /** The record type that the bytes' fingerprint names. */
    public Class<? extends SpecificRecord> typeOf(byte[] bytes) {
        if (bytes == null) {
            throw new RecordDecodeException(ReasonCode.TOMBSTONE, "Record value is null; expected Avro single-object bytes");
        }
        if (bytes.length < HEADER_LENGTH || (bytes[0] & 0xFF) != 0xC3 || (bytes[1] & 0xFF) != 0x01) {
            throw new RecordDecodeException(ReasonCode.NOT_AVRO, "Not Avro single-object encoding: expected marker C3 01 and an 8-byte fingerprint, got "
                    + bytes.length + " bytes" + (bytes.length >= 2 ? String.format(" starting %02X %02X", bytes[0], bytes[1]) : ""));
        }
        long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        Class<? extends SpecificRecord> type = typeByFingerprint.get(fingerprint);
        if (type == null) {
            throw new RecordDecodeException(ReasonCode.UNKNOWN_SCHEMA, String.format(
                    "Unknown schema fingerprint %016X: not one of the published Operando schemas or their committed versions", fingerprint));
        }
        return type;
    }

    /**
     * Decodes the body after the header; the body must end exactly where the record's bytes end: a valid record followed
     * by extra bytes is not what its producer wrote (a framing or concatenation fault), and is rejected.
     */
    private SpecificRecord decodeBody(byte[] bytes, Class<? extends SpecificRecord> type) {
        ByteArrayInputStream in = new ByteArrayInputStream(bytes);
        SpecificRecord record;
        try {
            record = (SpecificRecord) decoders.get(type).decode(in, null);
        } catch (MissingSchemaException e) {
            throw new RecordDecodeException(ReasonCode.UNKNOWN_SCHEMA, "Unknown schema fingerprint for " + type.getSimpleName() + ": " + e.getMessage(), e);
        } catch (BadHeaderException e) {
            throw new RecordDecodeException(ReasonCode.NOT_AVRO, "Bad single-object header: " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            throw new RecordDecodeException(ReasonCode.CORRUPT_BODY, "Corrupt " + type.getSimpleName() + " body (" + bytes.length + " bytes): "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
        }
        if (in.available() > 0) {
            throw new RecordDecodeException(ReasonCode.TRAILING_BYTES, type.getSimpleName() + " body is followed by " + in.available()
                    + " trailing bytes (record is " + bytes.length + " bytes); expected the Avro body to end with the record");
        }
        return record;
    }

    /** Committed previous schema versions, by full name. */
    public static Map<String, Schema> loadHistory() {
        Map<String, Schema> result = new HashMap<>();
        try (InputStream index = SchemaRegistry.class.getResourceAsStream("/avro-history/index.txt")) {
            if (index == null) {
                return result;
            }
            Schema.Parser parser = new Schema.Parser();
            for (String line : new String(index.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
                String name = line.trim();
                if (name.isEmpty() || name.startsWith("#")) {
                    continue;
                }
                try (InputStream in = SchemaRegistry.class.getResourceAsStream("/avro-history/" + name)) {
                    if (in == null) {
                        throw new IllegalStateException("avro-history/index.txt names a missing file: " + name);
                    }
                    Schema schema = parser.parse(in);
                    if (schema.getType() == Schema.Type.RECORD) {
                        result.put(schema.getFullName(), schema);
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read committed schema history", e);
        }
        return result;
    }
}
