package io.tensorpool.tensor;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import javax.imageio.ImageIO;

/**
 * Small files that claim huge images, for tests of the decode limit: a well-formed PNG whose
 * pixels are all black (deflate shrinks them about a thousandfold, so 13,000 x 13,000 RGB is
 * about 500 KB), and a JPEG whose frame header claims a size its few bytes of data do not have.
 */
public final class ImageBombs {
    private ImageBombs() {
    }

    /**
     * A complete, valid 8-bit PNG of {@code width x height} black pixels: gray (1 channel), RGB
     * (3) or RGBA (4). Written row by row, so making it takes no more memory than the file.
     */
    public static byte[] blackPng(int width, int height, int channels) {
        return PNGS.computeIfAbsent(List.of(width, height, channels), key -> writeBlackPng(width, height, channels))
                .clone();
    }

    /** Deflating 13,000 x 13,000 x 3 bytes takes seconds; the test classes of one JVM share each file. */
    private static final Map<List<Integer>, byte[]> PNGS = new ConcurrentHashMap<>();

    private static byte[] writeBlackPng(int width, int height, int channels) {
        int colourType = switch (channels) {
            case 1 -> 0;
            case 3 -> 2;
            case 4 -> 6;
            default -> throw new IllegalArgumentException("channels " + channels);
        };
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            TinyPng.header(out, width, height, 8, colourType);
            ByteArrayOutputStream idat = new ByteArrayOutputStream();
            byte[] row = new byte[1 + width * channels]; // filter byte 0, then black samples
            try (DeflaterOutputStream z = new DeflaterOutputStream(idat, new Deflater(Deflater.DEFAULT_COMPRESSION),
                    1 << 16)) {
                for (int y = 0; y < height; y++) {
                    z.write(row);
                }
            }
            TinyPng.chunk(out, "IDAT", idat.toByteArray());
            TinyPng.chunk(out, "IEND", new byte[0]);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A baseline RGB JPEG of 16 x 16 pixels whose frame header (SOF0) claims
     * {@code width x height}: the reader sizes its raster from that header before it finds the
     * data cut short.
     */
    public static byte[] jpegClaiming(int width, int height) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ImageIO.write(new BufferedImage(16, 16, BufferedImage.TYPE_3BYTE_BGR), "jpeg", bytes);
            byte[] jpeg = bytes.toByteArray();
            for (int i = 2; i + 8 < jpeg.length; i++) {
                if ((jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) == 0xC0) {
                    // FF C0, length (2), precision (1), height (2), width (2)
                    jpeg[i + 5] = (byte) (height >>> 8);
                    jpeg[i + 6] = (byte) height;
                    jpeg[i + 7] = (byte) (width >>> 8);
                    jpeg[i + 8] = (byte) width;
                    return jpeg;
                }
            }
            throw new IllegalStateException("the JDK's JPEG writer wrote no SOF0 marker");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
