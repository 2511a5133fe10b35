package io.tensorpool.tensor;

import io.tensorpool.kernel.ShapeTooLargeException;
import io.tensorpool.kernel.Tensor;
import java.awt.image.ColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.SampleModel;
import java.io.IOException;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;

/**
 * What decoding one image will allocate, worked out from its header before any pixel is decoded:
 * the reader's raster (the {@code BufferedImage} that {@code ImageReader.read} fills, of the
 * reader's first image type, which is the one it picks) plus the {@code (C, H, W)} uint8 tensor
 * {@link ImageDecoder} copies it into.
 *
 * <p>The raster takes {@code ceil(W * bits per pixel / 8) * H} bytes, with the bits per pixel
 * of the image type's sample model: its data elements per pixel times the element width (8 for
 * 8-bit samples, 16 for 16-bit PNGs, 32 for packed RGB), so a few packed low-depth types count a
 * byte per pixel where they take less. The tensor takes {@code C * H * W} bytes, with the colour
 * model's components as C (3 or 4 for a palette, which is expanded). Small per-row buffers are
 * left out. Products saturate at {@code Long.MAX_VALUE}: a header may claim 2^31 x 2^31 pixels.
 *
 * @param width        pixels across, from the header
 * @param height       pixels down, from the header
 * @param channels     channels of the decoded tensor
 * @param rasterBytes  bytes of the reader's raster
 * @param tensorBytes  bytes of the decoded tensor
 */
record DecodedImageSize(long width, long height, int channels, long rasterBytes, long tensorBytes) {

    /** The size of image 0 of a reader whose input is set. */
    static DecodedImageSize of(ImageReader reader) throws IOException {
        long width = reader.getWidth(0);
        long height = reader.getHeight(0);
        ImageTypeSpecifier type = reader.getImageTypes(0).next();
        SampleModel sample = type.getSampleModel();
        long bitsPerPixel = (long) sample.getNumDataElements() * DataBuffer.getDataTypeSize(sample.getDataType());
        long rowBytes = saturating(saturating(width, bitsPerPixel) + 7) / 8;
        ColorModel colours = type.getColorModel();
        int channels = colours instanceof IndexColorModel palette ? (palette.hasAlpha() ? 4 : 3)
                : colours.getNumComponents();
        return new DecodedImageSize(width, height, channels, saturating(rowBytes, height),
                saturating(saturating(channels, width), height));
    }

    /** Raster and tensor together: what the decode holds at its peak. */
    long totalBytes() {
        return saturating(rasterBytes + tensorBytes);
    }

    /** True when the decoded {@code (C, H, W)} tensor holds more elements than one array can. */
    boolean tensorTooLarge() {
        if (width > Integer.MAX_VALUE || height > Integer.MAX_VALUE) {
            return true;
        }
        try {
            Tensor.elementCount(new int[] {channels, (int) height, (int) width});
            return false;
        } catch (ShapeTooLargeException e) {
            return true;
        }
    }

    private static long saturating(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        long low = a * b;
        return high != 0 || low < 0 ? Long.MAX_VALUE : low;
    }

    /** A sum of non-negative longs that passed {@code Long.MAX_VALUE} wraps negative. */
    private static long saturating(long sum) {
        return sum < 0 ? Long.MAX_VALUE : sum;
    }
}
