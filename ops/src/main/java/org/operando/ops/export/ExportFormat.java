package org.operando.ops.export;

import java.nio.file.Path;
import org.operando.ops.export.nexus.NexusWriter;
import org.operando.ops.export.zarr.OmeZarrWriter;

/** The export formats, by the name the command line uses. */
public enum ExportFormat {
    /** OME-Zarr (NGFF 0.4, Zarr v2 directory store), for napari, Fiji (MoBIE/n5-viewer) and Python's zarr. */
    OME_ZARR("ome-zarr", ".ome.zarr"),
    /** NeXus in HDF5, for h5py, NeXpy, silx, HDFView. */
    NEXUS("nexus", ".nxs");

    private final String cliName;
    private final String suffix;

    ExportFormat(String cliName, String suffix) {
        this.cliName = cliName;
        this.suffix = suffix;
    }

    public String cliName() {
        return cliName;
    }

    /** The output inside {@code dir} for run {@code runId}: {@code dir/<runId>.ome.zarr} or {@code dir/<runId>.nxs}. */
    public Path output(Path dir, String runId) {
        return dir.resolve(runId.replaceAll("[^A-Za-z0-9._-]", "_") + suffix);
    }

    RunWriter open(Path output, String runId, int zlibLevel) {
        return switch (this) {
            case OME_ZARR -> new OmeZarrWriter(output, zlibLevel);
            case NEXUS -> new NexusWriter(output, runId, zlibLevel);
        };
    }

    /** The format named {@code name} on the command line. */
    public static ExportFormat byName(String name) {
        for (ExportFormat f : values()) {
            if (f.cliName.equalsIgnoreCase(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException("Unknown export format '" + name + "'; expected ome-zarr or nexus");
    }
}
