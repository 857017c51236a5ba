#!/usr/bin/python3
"""Opens an Operando export with independent readers (Debian's python3-zarr and python3-h5py) and compares it with
what the test read from the Kafka topics itself.

usage: check_export.py EXPECTED.json RUN.ome.zarr RUN.nxs [RECORDING-EXPORT.ome.zarr]

Checks shapes, chunking, compression, NGFF axes, units and scales, the EC samples, drift and registration matrices
(exactly equal to the records), one probe frame per instrument, the registered channel against a resampling done
here from the exported tables, NX_class on every NeXus group, and that both formats (and an export of a recording
of the same run) hold the same pixels. Exits non-zero on the first failure; a missing module is a failure too.
"""
import json
import sys

import h5py
import numpy as np
import zarr

FAILURES = []


def check(cond, what):
    if not cond:
        FAILURES.append(what)
        print("FAIL:", what)


def text(v):
    return v.decode() if isinstance(v, bytes) else str(v)


def bilinear(img, x, y):
    h, w = img.shape
    if not (-0.5 <= x <= w - 0.5 and -0.5 <= y <= h - 0.5):
        return 0.0
    cx, cy = min(max(x, 0), w - 1), min(max(y, 0), h - 1)
    x0, y0 = min(int(cx), max(0, w - 2)), min(int(cy), max(0, h - 2))
    x1, y1 = min(x0 + 1, w - 1), min(y0 + 1, h - 1)
    fx, fy = cx - x0, cy - y0
    top = img[y0, x0] * (1 - fx) + img[y0, x1] * fx
    bottom = img[y1, x0] * (1 - fx) + img[y1, x1] * fx
    return top * (1 - fy) + bottom * fy


def drift_at(table, seq):
    seqs = table["sequence"][:]
    i = np.nonzero(seqs == seq)[0]
    return (float(table["dx_px"][i[0]]), float(table["dy_px"][i[0]])) if len(i) else (0.0, 0.0)


def check_zarr(exp, path):
    root = zarr.open_group(path, mode="r")
    meta = root.attrs["operando"]
    check(meta["runId"] == exp["runId"], "zarr: run id in root attributes")
    for iid, img in exp["images"].items():
        g = root[iid]
        ms = g.attrs["multiscales"][0]
        check(ms["version"] == "0.4", f"zarr {iid}: NGFF version 0.4")
        axes = [a["name"] for a in ms["axes"]]
        units = {a["name"]: a.get("unit") for a in ms["axes"]}
        em = img["modality"] == "EM"
        check(axes == (["t", "c", "y", "x"] if em else ["t", "y", "x"]), f"zarr {iid}: axes {axes}")
        check(units["t"] == "second" and units["y"] == "nanometer" and units["x"] == "nanometer", f"zarr {iid}: units {units}")
        arr = g[ms["datasets"][0]["path"]]
        shape = (img["frames"], img["channels"], img["height"], img["width"]) if em else (img["frames"], img["height"], img["width"])
        check(arr.shape == shape, f"zarr {iid}: shape {arr.shape} != {shape}")
        check(arr.chunks == (1,) * (len(shape) - 2) + shape[-2:], f"zarr {iid}: one frame per chunk, got {arr.chunks}")
        check(arr.compressor.codec_id == "zlib", f"zarr {iid}: zlib compressed")
        tr = ms["datasets"][0]["coordinateTransformations"]
        scale = tr[0]["scale"]
        check(tr[0]["type"] == "scale" and scale[-1] == img["pixelSizeNm"] and scale[-2] == img["pixelSizeNm"],
              f"zarr {iid}: pixel scale {scale} vs {img['pixelSizeNm']} nm")
        check(abs(scale[0] * img["framesPerS"] - 1) < 0.02, f"zarr {iid}: frame interval {scale[0]} s vs {img['framesPerS']} fps")
        check(g.attrs["operando"]["stack"] == "raw" and g.attrs["operando"]["driftCorrected"] is False, f"zarr {iid}: raw stack")
        probe = img.get("probe")
        if probe:
            plane = arr[probe["t"], 0] if em else arr[probe["t"]]
            check(abs(float(plane.astype(np.float64).sum()) - probe["sum"]) <= 1e-6 * max(1, abs(probe["sum"])),
                  f"zarr {iid}: probe frame sum")
            check(float(plane.flat[0]) == probe["first"] and float(plane.flat[-1]) == probe["last"], f"zarr {iid}: probe pixels")
    for iid, ec in exp["electrochem"].items():
        g = root["electrochem"][iid]
        check(np.array_equal(g["potential_V"][:], np.array(ec["potentialV"])), f"zarr {iid}: potential samples equal the records")
        check(np.array_equal(g["current_A"][:], np.array(ec["currentA"])), f"zarr {iid}: current samples equal the records")
        t = g["time_s"][:]
        check(len(t) == len(ec["potentialV"]), f"zarr {iid}: one time per sample")
        dt = np.diff(t)
        check(np.all(dt > 0) and abs(np.median(dt) / ec["samplePeriodS"] - 1) < 1e-3, f"zarr {iid}: sample times on the master clock")
        check(g["time_s"].attrs["units"] == "second", f"zarr {iid}: time units")
    tables = root["tables"]
    for iid, d in exp["drift"].items():
        t = tables["drift"][iid]
        check(list(t["sequence"][:]) == d["sequence"], f"zarr drift {iid}: sequences")
        for col, key in (("dx_px", "dxPx"), ("dy_px", "dyPx"), ("dx_nm", "dxNm"), ("dy_nm", "dyNm")):
            check(np.array_equal(t[col][:], np.array(d[key])), f"zarr drift {iid}: {col} equals the records")
        check(t["dx_nm"].attrs["units"] == "nm", f"zarr drift {iid}: units")
    check_registrations(exp, lambda name: tables["registrations"][name], "zarr")
    for iid, n in exp["clockModels"].items():
        check(len(tables["clocks"][iid]["skew"][:]) == n, f"zarr clocks {iid}: {n} models")
    check_registered_channel(exp, root, tables)
    print("zarr: ok" if not FAILURES else "zarr: FAILED")
    return root


def check_registrations(exp, table, fmt):
    pairs = {}
    for r in exp["registrations"]:
        pairs.setdefault(r["em"] + "__" + r["optical"], []).append(r)
    for name, regs in pairs.items():
        t = table(name)
        aff = t["affine"][:]
        check(aff.shape == (len(regs), 2, 3), f"{fmt} registrations {name}: shape {aff.shape}")
        check(np.array_equal(aff, np.array([r["affine"] for r in regs]).reshape(-1, 2, 3)), f"{fmt} registrations {name}: affine equals the records")
        check(np.array_equal(t["fre_nm"][:], np.array([r["freNm"] for r in regs])), f"{fmt} registrations {name}: FRE")
        check(np.array_equal(t["predicted_tre_nm"][:], np.array([r["predictedTreNm"] for r in regs])), f"{fmt} registrations {name}: TRE")


def check_registered_channel(exp, root, tables):
    """Resamples the paired optical frame here, from the exported tables, at a grid of EM pixels."""
    rng = np.random.default_rng(7)
    for r in {(r["em"], r["optical"]): r for r in exp["registrations"]}.values():
        em, opt = r["em"], r["optical"]
        a = np.array(tables["registrations"][em + "__" + opt]["affine"][-1])
        m, t = a[:, :2], a[:, 2]
        minv = np.linalg.inv(m)
        frames = tables["frames"][em]
        seqs, paired = frames["sequence"][:], frames[f"paired_{opt}_sequence"][:]
        check(np.mean(paired >= 0) > 0.9, f"registered channel {em}: most frames paired")
        img = root[em]["0"]
        optical = root[opt]["0"]
        compared = 0
        for k in rng.choice(len(seqs), size=min(5, len(seqs)), replace=False):
            if paired[k] < 0:
                continue
            plane = img[seqs[k], 1].astype(np.float64)
            opt_plane = optical[paired[k]].astype(np.float64)
            dem = np.array(drift_at(tables["drift"][em], seqs[k])) if em in tables["drift"] else np.zeros(2)
            dop = np.array(drift_at(tables["drift"][opt], paired[k])) if opt in tables["drift"] else np.zeros(2)
            h, w = plane.shape
            for y in range(0, h, max(1, h // 9)):
                for x in range(0, w, max(1, w // 9)):
                    xo, yo = minv @ (np.array([x, y]) - dem - t) + dop
                    want = bilinear(opt_plane, xo, yo)
                    check(abs(plane[y, x] - round(want)) <= 1, f"registered channel {em} t={seqs[k]} ({x},{y}): {plane[y, x]} vs {want:.1f}")
                    compared += 1
            check(np.count_nonzero(plane) > 0.1 * plane.size, f"registered channel {em} t={seqs[k]}: optical field covers the frame")
        check(compared > 0, f"registered channel {em}: compared pixels")


def walk_nx_class(f):
    missing = []
    f.visititems(lambda name, obj: missing.append(name) if isinstance(obj, h5py.Group) and "NX_class" not in obj.attrs else None)
    check(not missing, f"nexus: groups without NX_class: {missing[:5]}")


def check_nexus(exp, path, root):
    with h5py.File(path, "r") as f:
        check(text(f.attrs["NX_class"]) == "NXroot", "nexus: NXroot")
        walk_nx_class(f)
        entry = f[exp["entry"]]
        check(text(entry.attrs["NX_class"]) == "NXentry", "nexus: NXentry")
        check(text(f.attrs["default"]) == exp["entry"], "nexus: default entry")
        check(json.loads(text(entry["operando_description"][()]))["runId"] == exp["runId"], "nexus: description")
        for iid, img in exp["images"].items():
            g = entry[iid.replace("-", "_")]
            check(text(g.attrs["NX_class"]) == "NXdata" and text(g.attrs["signal"]) == "data", f"nexus {iid}: NXdata")
            d = g["data"]
            check(d.shape == (img["frames"], img["height"], img["width"]), f"nexus {iid}: shape {d.shape}")
            check(d.chunks == (1, img["height"], img["width"]) and d.compression == "gzip", f"nexus {iid}: chunked, deflate")
            check(text(g["time"].attrs["units"]) == "s" and len(g["time"]) == img["frames"], f"nexus {iid}: time axis")
            check(text(g["x"].attrs["units"]) == "nm" and abs(g["x"][1] - g["x"][0] - img["pixelSizeNm"]) < 1e-9, f"nexus {iid}: x axis")
            z = root[iid]["0"]
            for k in range(0, img["frames"], max(1, img["frames"] // 7)):
                check(np.array_equal(d[k], z[k, 0] if img["modality"] == "EM" else z[k]), f"nexus {iid}: plane {k} equals zarr's")
            if img["channels"] > 1:
                names = [text(n) for n in g.attrs["auxiliary_signals"]]
                reg = g[names[0]]
                check(np.array_equal(reg[img["frames"] // 2], z[img["frames"] // 2, 1]), f"nexus {iid}: registered channel equals zarr's")
        for iid, ec in exp["electrochem"].items():
            g = entry[iid.replace("-", "_")]
            check(text(g.attrs["signal"]) == "current", f"nexus {iid}: EC NXdata")
            check(np.array_equal(g["potential"][:], np.array(ec["potentialV"])), f"nexus {iid}: potential samples equal the records")
            check(np.array_equal(g["current"][:], np.array(ec["currentA"])), f"nexus {iid}: current samples equal the records")
            check(np.array_equal(g["time"][:], root["electrochem"][iid]["time_s"][:]), f"nexus {iid}: time equals zarr's")
            check(text(g["time"].attrs["units"]) == "s" and text(g["current"].attrs["units"]) == "A", f"nexus {iid}: units")
        for iid, d in exp["drift"].items():
            t = entry["drift"][iid.replace("-", "_")]
            check(text(t.attrs["NX_class"]) == "NXtransformations", f"nexus drift {iid}: NXtransformations")
            check(text(t["dx_nm"].attrs["transformation_type"]) == "translation", f"nexus drift {iid}: translation")
            check(np.array_equal(t["dx_px"][:], np.array(d["dxPx"])) and np.array_equal(t["dy_nm"][:], np.array(d["dyNm"])),
                  f"nexus drift {iid}: values equal the records")
        check_registrations(exp, lambda name: entry["registrations"][name.replace("-", "_")], "nexus")
        for iid, n in exp["clockModels"].items():
            log = entry["clocks"][iid.replace("-", "_")]
            check(text(log.attrs["NX_class"]) == "NXlog" and len(log["time"]) == n and len(log["value"]) == n, f"nexus clocks {iid}: NXlog")
    print("nexus: ok" if not FAILURES else "nexus: FAILED")


def check_same(exp, root, path):
    other = zarr.open_group(path, mode="r")
    for iid in exp["images"]:
        check(np.array_equal(other[iid]["0"][:], root[iid]["0"][:]), f"recording export {iid}: same pixels as the Kafka export")
    for iid in exp["electrochem"]:
        for col in ("time_s", "potential_V", "current_A"):
            check(np.array_equal(other["electrochem"][iid][col][:], root["electrochem"][iid][col][:]), f"recording export {iid}: {col}")
    print("recording export: ok" if not FAILURES else "recording export: FAILED")


def main():
    exp = json.load(open(sys.argv[1]))
    root = check_zarr(exp, sys.argv[2])
    check_nexus(exp, sys.argv[3], root)
    if len(sys.argv) > 4:
        check_same(exp, root, sys.argv[4])
    print(f"{len(FAILURES)} failures" if FAILURES else "all checks passed")
    sys.exit(1 if FAILURES else 0)


if __name__ == "__main__":
    main()
