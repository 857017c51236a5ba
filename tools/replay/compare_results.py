#!/usr/bin/python3
"""Compare the processors' result records of two runs (e.g. two replays of one recording), independently of the
Java code: decodes with Python's avro from the published .avsc files, drops the run id, and compares per topic.

usage: compare_results.py BOOTSTRAP RUN_A RUN_B
exit 0 when, on every result topic, each instrument's records are the same, in the same order, for both runs (records
of different instruments share a partition in the order the processors emitted them, which may differ)."""
import importlib.util
import io
import os
import struct
import sys

import avro.io
from confluent_kafka import Consumer, TopicPartition

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("interop", os.path.join(HERE, "../../schemas/src/test/python/avro_interop.py"))
interop = importlib.util.module_from_spec(spec)
sys.argv, argv = sys.argv[:1] + ["read", "/nonexistent", os.path.join(HERE, "../../schemas/src/main/avro")], sys.argv
spec.loader.exec_module(interop)
sys.argv = argv

TOPICS = ["operando.clock-models", "operando.correlated", "operando.drift", "operando.registrations",
          "operando.correlation-results"]


def decode(by_fp, data):
    (fp,) = struct.unpack("<Q", data[2:10])
    schema = by_fp[fp]
    datum = avro.io.DatumReader(schema).read(avro.io.BinaryDecoder(io.BytesIO(data[10:])))
    datum.pop("runId", None)
    return schema.name, datum


def per_instrument(records):
    """Each instrument's records in their order."""
    out = {}
    for name, datum in records:
        out.setdefault(datum.get("instrumentId"), []).append((name, datum))
    return dict(sorted(out.items()))


def main(bootstrap, run_a, run_b):
    schemas = interop.load_schemas()
    by_fp = {interop.fingerprint(s): s for s in schemas.values() if s.type == "record"}
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": "compare-results", "enable.auto.commit": False,
                         "isolation.level": "read_committed", "fetch.message.max.bytes": 50_000_000})
    results = {run_a: {}, run_b: {}}
    for topic in TOPICS:
        meta = consumer.list_topics(topic, timeout=10).topics[topic]
        parts = [TopicPartition(topic, p, 0) for p in meta.partitions]
        consumer.assign(parts)
        ends = {p.partition: consumer.get_watermark_offsets(p, timeout=10)[1] for p in parts}
        done = set()
        while len(done) < len(parts):
            msg = consumer.poll(1.0)
            if msg is None:
                done = {p for p, end in ends.items() if end == 0 or consumer.position([TopicPartition(topic, p)])[0].offset >= end}
                continue
            key = msg.key().decode() if msg.key() else None
            if key in results and msg.value():
                results[key].setdefault(topic, []).append(decode(by_fp, msg.value()))
            if msg.offset() + 1 >= ends[msg.partition()]:
                done.add(msg.partition())
    same = True
    for topic in TOPICS:
        a = results[run_a].get(topic, [])
        b = results[run_b].get(topic, [])
        by_instrument_a, by_instrument_b = per_instrument(a), per_instrument(b)
        equal = repr(by_instrument_a) == repr(by_instrument_b)  # repr: NaN compares equal to itself
        same &= equal
        print(f"{topic}: {len(a)} vs {len(b)} records, {len(by_instrument_a)} instruments, "
              f"{'identical' if equal else 'DIFFERENT'}")
        if not equal:
            for instrument in sorted(set(by_instrument_a) | set(by_instrument_b)):
                xs, ys = by_instrument_a.get(instrument, []), by_instrument_b.get(instrument, [])
                for i, (x, y) in enumerate(zip(xs, ys)):
                    if repr(x) != repr(y):
                        print(f"  {instrument}: first difference at record {i}:\n    {x}\n    {y}")
                        break
                else:
                    if len(xs) != len(ys):
                        print(f"  {instrument}: {len(xs)} vs {len(ys)} records")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
