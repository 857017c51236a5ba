#!/usr/bin/python3
"""Independent check of Operando's wire format with the Python Avro implementation.

read DIR  : decode every NAME.bin (single-object encoded by Java) using only the published .avsc files,
            print one JSON line per record: {"file", "type", "fields": {...}}.
write DIR : write a TriggerMark and an ElectrochemBlock in single-object encoding for Java to decode.
"""
import io
import json
import os
import struct
import sys

import avro.io
import avro.schema
from avro.name import Names

AVSC_DIR = sys.argv[3] if len(sys.argv) > 3 else os.path.join(os.path.dirname(__file__), "../../main/avro")
COMMON = ["Modality", "PixelType", "Compression", "Technique", "InstrumentInfo", "EcSummary", "FrameRef"]

EMPTY = 0xC15D213AA4D7A795
TABLE = []
for i in range(256):
    fp = i
    for _ in range(8):
        fp = (fp >> 1) ^ (EMPTY & -(fp & 1))
    TABLE.append(fp)


def crc64_avro(data: bytes) -> int:
    """CRC-64-AVRO fingerprint as defined in the Avro specification."""
    fp = EMPTY
    for b in data:
        fp = (fp >> 8) ^ TABLE[(fp ^ b) & 0xFF]
    return fp


def load_schemas():
    names = Names()
    schemas = {}
    files = [os.path.join(AVSC_DIR, "common", n + ".avsc") for n in COMMON]
    files += sorted(os.path.join(AVSC_DIR, f) for f in os.listdir(AVSC_DIR) if f.endswith(".avsc"))
    for path in files:
        with open(path) as f:
            schema = avro.schema.make_avsc_object(json.load(f), names)
        schemas[schema.name] = schema
    return schemas


def fingerprint(schema) -> int:
    return crc64_avro(schema.canonical_form.encode("utf-8"))


def plain(value):
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, bytes):
        return {"bytesLength": len(value)}
    return value


def read(directory):
    schemas = load_schemas()
    by_fp = {fingerprint(s): s for s in schemas.values() if s.type == "record"}
    for name in sorted(os.listdir(directory)):
        if not name.endswith(".bin"):
            continue
        with open(os.path.join(directory, name), "rb") as f:
            data = f.read()
        if data[:2] != b"\xc3\x01":
            raise SystemExit(f"{name}: no single-object marker")
        (fp,) = struct.unpack("<Q", data[2:10])
        schema = by_fp.get(fp)
        if schema is None:
            raise SystemExit(f"{name}: unknown fingerprint {fp:016X}")
        datum = avro.io.DatumReader(schema).read(avro.io.BinaryDecoder(io.BytesIO(data[10:])))
        print(json.dumps({"file": name, "type": schema.name, "fields": plain(datum)}, sort_keys=True))


def encode(schema, datum) -> bytes:
    buf = io.BytesIO()
    avro.io.DatumWriter(schema).write(datum, avro.io.BinaryEncoder(buf))
    return b"\xc3\x01" + struct.pack("<Q", fingerprint(schema)) + buf.getvalue()


def write(directory):
    schemas = load_schemas()
    mark = {"runId": "py-run", "instrumentId": "opt-py", "triggerLine": "ttl0", "sequence": 41,
            "instrumentTimeNs": 1234567890123}
    block = {"runId": "py-run", "instrumentId": "pstat-py", "sequence": 7, "firstSampleInstrumentTimeNs": 5000,
             "samplePeriodNs": 100000, "technique": "CV", "scanRateVPerS": 0.05, "cycle": 2,
             "potentialV": [0.1, 0.2, -0.3], "currentA": [1e-6, -2.5e-6, 3e-9]}
    with open(os.path.join(directory, "TriggerMark.py.bin"), "wb") as f:
        f.write(encode(schemas["TriggerMark"], mark))
    with open(os.path.join(directory, "ElectrochemBlock.py.bin"), "wb") as f:
        f.write(encode(schemas["ElectrochemBlock"], block))


if __name__ == "__main__":
    {"read": read, "write": write}[sys.argv[1]](sys.argv[2])
