package org.operando.producers.files;

import org.operando.schema.PixelType;

/**
 * A stack of equally sized 2-D images in one file (MRC/MRCS sections, TIFF pages), read a plane at a time. Planes
 * come out row-major in the file's row order, little-endian, in one of the {@code Frame} pixel types.
 *
 * <p>A stack being written (acquisition software appending planes) is read with {@link #refresh()}: it looks at the
 * file again and reports how many complete planes it now holds.
 */
public interface ImageStack extends AutoCloseable {
    int width();

    int height();

    PixelType pixelType();

    /** Complete planes in the file (as of the last {@link #refresh()}). */
    int planes();

    /** Pixel size at the specimen from the file's own metadata, nm; null when the file does not say. */
    Double pixelSizeNm();

    /** Times the file states for plane {@code index}; {@link PlaneTime#UNKNOWN} when it states none. */
    PlaneTime time(int index);

    /** The pixels of plane {@code index} (0-based), width*height values of {@link #pixelType()}, little-endian. */
    byte[] plane(int index);

    /** Looks at the file again (it may have grown); returns the number of complete planes. */
    int refresh();

    @Override
    void close();

    /**
     * What a file says about one plane's timing.
     *
     * @param deltaS    seconds since the start of the acquisition (OME {@code DeltaT}), or null
     * @param exposureS exposure in seconds (OME {@code ExposureTime}), or null
     */
    record PlaneTime(Double deltaS, Double exposureS) {
        public static final PlaneTime UNKNOWN = new PlaneTime(null, null);
    }
}
