package io.tensorpool.tensor;

import static io.tensorpool.tensor.BadCells.assertBad;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensorpool.config.ChannelOrder;
import io.tensorpool.config.StorageDType;
import io.tensorpool.kernel.ElementType;
import io.tensorpool.kernel.Tensor;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.SplittableRandom;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.junit.jupiter.api.Test;

class ImageDecoderTest {
    private static final String COL = "image";
    private static final int W = 7;
    private static final int H = 5;
    /** Far more than any image here takes, but for the ones made to exceed it. */
    private static final DecodeLimit LIMIT = new DecodeLimit(256L << 20, "the test's limit");

    // ---- helpers ----------------------------------------------------------------------------

    /** Random samples [band][y][x] in 0..max. */
    static int[][][] samples(int bands, int max, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[][][] s = new int[bands][H][W];
        for (int b = 0; b < bands; b++) {
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    s[b][y][x] = random.nextInt(max + 1);
                }
            }
        }
        s[0][0][0] = 0;
        s[0][0][1] = max;
        return s;
    }

    static void fill(WritableRaster raster, int[][][] s) {
        for (int b = 0; b < s.length; b++) {
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    raster.setSample(x, y, b, s[b][y][x]);
                }
            }
        }
    }

    /** Decodes in RGB order with {@link #LIMIT}. */
    static Tensor decode(byte[] cell) {
        return decode(cell, ChannelOrder.RGB);
    }

    static Tensor decode(byte[] cell, ChannelOrder order) {
        return ImageDecoder.decode(cell, order, COL, LIMIT);
    }

    static byte[] write(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(image, format, out), "a " + format + " writer for " + image);
        return out.toByteArray();
    }

    /** The expected tensor: output channel c holds source band pick[c], each sample mapped by scale. */
    static void assertPixels(Tensor t, int[][][] s, int[] pick, java.util.function.IntUnaryOperator scale) {
        assertEquals(ElementType.UINT8, t.type());
        assertArrayEquals(new int[] {pick.length, H, W}, t.shape());
        byte[] got = t.bytes();
        for (int c = 0; c < pick.length; c++) {
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    int want = scale.applyAsInt(s[pick[c]][y][x]);
                    assertEquals(want, got[(c * H + y) * W + x] & 0xFF, "channel " + c + " at (" + x + ", " + y + ")");
                }
            }
        }
    }

    static void assertPixels(Tensor t, int[][][] s, int... pick) {
        assertPixels(t, s, pick, v -> v);
    }

    static int pngColourType(byte[] png) {
        return png[25];
    }

    static int pngBitDepth(byte[] png) {
        return png[24];
    }

    // ---- PNG --------------------------------------------------------------------------------

    @Test
    void decodesGrayPng() throws IOException {
        BufferedImage image = new BufferedImage(W, H, BufferedImage.TYPE_BYTE_GRAY);
        int[][][] s = samples(1, 255, 1);
        fill(image.getRaster(), s);
        byte[] png = write(image, "png");
        assertEquals(0, pngColourType(png));
        assertPixels(decode(png), s, 0);
        assertPixels(decode(png, ChannelOrder.BGR), s, 0);
    }

    @Test
    void decodesRgbPngInEitherOrder() throws IOException {
        BufferedImage image = new BufferedImage(W, H, BufferedImage.TYPE_3BYTE_BGR);
        int[][][] s = samples(3, 255, 2); // raster bands of TYPE_3BYTE_BGR are R, G, B
        fill(image.getRaster(), s);
        byte[] png = write(image, "png");
        assertEquals(2, pngColourType(png));
        assertPixels(decode(png), s, 0, 1, 2);
        assertPixels(decode(png, ChannelOrder.BGR), s, 2, 1, 0);
    }

    @Test
    void decodesRgbaPngWithAlphaLast() throws IOException {
        BufferedImage image = new BufferedImage(W, H, BufferedImage.TYPE_4BYTE_ABGR);
        int[][][] s = samples(4, 255, 3); // bands R, G, B, A, not premultiplied
        fill(image.getRaster(), s);
        byte[] png = write(image, "png");
        assertEquals(6, pngColourType(png));
        assertPixels(decode(png), s, 0, 1, 2, 3);
        assertPixels(decode(png, ChannelOrder.BGR), s, 2, 1, 0, 3);
    }

    @Test
    void decodesGrayAlphaPngAsTwoChannels() throws IOException {
        ColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY), new int[] {8, 8}, true, false,
                ColorModel.TRANSLUCENT, DataBuffer.TYPE_BYTE);
        BufferedImage image = new BufferedImage(cm, cm.createCompatibleWritableRaster(W, H), false, null);
        int[][][] s = samples(2, 255, 4);
        fill(image.getRaster(), s);
        byte[] png = write(image, "png");
        assertEquals(4, pngColourType(png));
        assertPixels(decode(png, ChannelOrder.BGR), s, 0, 1);
    }

    @Test
    void expandsPalettePngToRgbOrRgba() throws IOException {
        byte[] r = {10, (byte) 200, 30, 40, 0};
        byte[] g = {50, 60, (byte) 170, 80, 1};
        byte[] b = {90, 100, 110, (byte) 250, 2};
        byte[] a = {(byte) 255, (byte) 128, 0, (byte) 255, 7};
        int[][][] idx = samples(1, 4, 5);
        int[][][] rgba = new int[4][H][W];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int i = idx[0][y][x];
                rgba[0][y][x] = r[i] & 0xFF;
                rgba[1][y][x] = g[i] & 0xFF;
                rgba[2][y][x] = b[i] & 0xFF;
                rgba[3][y][x] = a[i] & 0xFF;
            }
        }
        BufferedImage opaque = new BufferedImage(W, H, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(8, 5, r, g, b));
        fill(opaque.getRaster(), idx);
        byte[] png = write(opaque, "png");
        assertEquals(3, pngColourType(png));
        assertPixels(decode(png), rgba, 0, 1, 2);
        assertPixels(decode(png, ChannelOrder.BGR), rgba, 2, 1, 0);

        BufferedImage translucent = new BufferedImage(W, H, BufferedImage.TYPE_BYTE_INDEXED,
                new IndexColorModel(8, 5, r, g, b, a));
        fill(translucent.getRaster(), idx);
        byte[] pngA = write(translucent, "png");
        assertEquals(3, pngColourType(pngA));
        assertPixels(decode(pngA), rgba, 0, 1, 2, 3);
    }

    @Test
    void scales16BitPngsToEightBitsRoundingToNearest() throws IOException {
        BufferedImage gray = new BufferedImage(W, H, BufferedImage.TYPE_USHORT_GRAY);
        int[][][] s = samples(1, 65535, 6);
        // The rounding edges of round(v / 257): 128 -> 0, 129 -> 1, 257k + 128 -> k, 257k + 129 -> k + 1.
        int[] edges = {0, 127, 128, 129, 256, 257, 385, 386, 65406, 65407, 65535};
        for (int i = 0; i < edges.length; i++) {
            s[0][1 + i / W][i % W] = edges[i];
        }
        fill(gray.getRaster(), s);
        byte[] png = write(gray, "png");
        assertEquals(16, pngBitDepth(png));
        assertPixels(decode(png), s, new int[] {0}, v -> (int) Math.round(v * 255.0 / 65535.0));
        Tensor t = decode(png);
        int[] want = {0, 0, 0, 1, 1, 1, 1, 2, 254, 255, 255};
        for (int i = 0; i < edges.length; i++) {
            assertEquals(want[i], t.bytes()[(1 + i / W) * W + i % W] & 0xFF, "16-bit sample " + edges[i]);
        }

        ColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), new int[] {16, 16, 16, 16}, true,
                false, ColorModel.TRANSLUCENT, DataBuffer.TYPE_USHORT);
        BufferedImage rgba = new BufferedImage(cm, cm.createCompatibleWritableRaster(W, H), false, null);
        int[][][] s4 = samples(4, 65535, 7);
        fill(rgba.getRaster(), s4);
        byte[] png4 = write(rgba, "png");
        assertEquals(16, pngBitDepth(png4));
        assertEquals(6, pngColourType(png4));
        assertPixels(decode(png4, ChannelOrder.BGR), s4, new int[] {2, 1, 0, 3},
                v -> (int) Math.round(v * 255.0 / 65535.0));
    }

    @Test
    void keepsLowBitGrayPngsAsOneChannel() throws IOException {
        for (int bits : new int[] {1, 2, 4}) {
            int levels = 1 << bits;
            byte[] ramp = new byte[levels];
            for (int i = 0; i < levels; i++) {
                ramp[i] = (byte) (i * 255 / (levels - 1));
            }
            BufferedImage image = new BufferedImage(W, H, BufferedImage.TYPE_BYTE_BINARY,
                    new IndexColorModel(bits, levels, ramp, ramp, ramp));
            int[][][] s = samples(1, levels - 1, 8 + bits);
            fill(image.getRaster(), s);
            byte[] png = write(image, "png");
            assertEquals(0, pngColourType(png), bits + "-bit gray PNG");
            assertEquals(bits, pngBitDepth(png));
            // libpng's bit replication: 1 bit 0/255, 2 bits 0/85/170/255, 4 bits i * 17.
            assertPixels(decode(png), s, new int[] {0}, v -> v * 255 / (levels - 1));
        }
        // The same from a hand-made file: 2-bit gray, pixels 0, 1, 2, 3.
        byte[] png = TinyPng.png(4, 1, 2, 0, new byte[][] {{0b00_01_10_11}}, null, null);
        assertArrayEquals(new byte[] {0, 85, (byte) 170, (byte) 255}, decode(png).bytes());
    }

    @Test
    void turnsTransparencyChunksIntoAlpha() {
        // RGB with tRNS marking (10, 20, 30) transparent.
        byte[] rgb = TinyPng.png(2, 1, 8, 2, new byte[][] {{10, 20, 30, 40, 50, 60}}, null, new byte[] {0, 10, 0, 20, 0, 30});
        Tensor t = decode(rgb);
        assertArrayEquals(new int[] {4, 1, 2}, t.shape());
        assertArrayEquals(new byte[] {10, 40, 20, 50, 30, 60, 0, (byte) 255}, t.bytes());
        // Gray with tRNS marking 7 transparent.
        byte[] gray = TinyPng.png(2, 1, 8, 0, new byte[][] {{7, 9}}, null, new byte[] {0, 7});
        Tensor g = decode(gray);
        assertArrayEquals(new int[] {2, 1, 2}, g.shape());
        assertArrayEquals(new byte[] {7, 9, 0, (byte) 255}, g.bytes());
        // Palette with tRNS for entry 0 only.
        byte[] pal = TinyPng.png(2, 1, 8, 3, new byte[][] {{0, 1}}, new byte[] {1, 2, 3, 4, 5, 6}, new byte[] {100});
        Tensor p = decode(pal, ChannelOrder.BGR);
        assertArrayEquals(new int[] {4, 1, 2}, p.shape());
        assertArrayEquals(new byte[] {3, 6, 2, 5, 1, 4, 100, (byte) 255}, p.bytes());
    }

    // ---- JPEG -------------------------------------------------------------------------------

    @Test
    void decodesJpegAsImageIoDoes() throws IOException {
        for (int type : new int[] {BufferedImage.TYPE_BYTE_GRAY, BufferedImage.TYPE_3BYTE_BGR}) {
            BufferedImage image = new BufferedImage(W, H, type);
            int bands = image.getRaster().getNumBands();
            fill(image.getRaster(), samples(bands, 255, 20 + type));
            byte[] jpeg = write(image, "jpeg");
            // JPEG is lossy: the reference is ImageIO's own decode of the same bytes.
            Raster ref = ImageIO.read(new ByteArrayInputStream(jpeg)).getRaster();
            int[][][] s = new int[bands][H][W];
            for (int b = 0; b < bands; b++) {
                for (int y = 0; y < H; y++) {
                    for (int x = 0; x < W; x++) {
                        s[b][y][x] = ref.getSample(x, y, b);
                    }
                }
            }
            if (bands == 1) {
                assertPixels(decode(jpeg), s, 0);
            } else {
                assertPixels(decode(jpeg), s, 0, 1, 2);
                assertPixels(decode(jpeg, ChannelOrder.BGR), s, 2, 1, 0);
            }
        }
    }

    // ---- bad cells --------------------------------------------------------------------------

    @Test
    void rejectsBytesThatAreNotAnImage() throws IOException {
        assertBad(RecordReasons.NULL_TENSOR, COL, () -> decode(null), "null");
        assertBad(RecordReasons.UNDECODABLE_IMAGE, COL, () -> decode(new byte[0]),
                "neither PNG nor JPEG", "none");
        assertBad(RecordReasons.UNDECODABLE_IMAGE, COL, () -> decode(new byte[] {1, 2, 3, 4, 5}),
                "5 bytes are neither PNG nor JPEG", "01 02 03 04 05");
        BufferedImage small = new BufferedImage(W, H, BufferedImage.TYPE_BYTE_INDEXED);
        assertBad(RecordReasons.UNDECODABLE_IMAGE, COL, () -> decode(write(small, "gif")),
                "neither PNG nor JPEG", "47 49 46 38");
        byte[] npy = NpyCodec.encode(Tensor.ofFloats(new float[4], 2, 2), StorageDType.FLOAT32);
        assertBad(RecordReasons.UNDECODABLE_IMAGE, COL, () -> decode(npy), "93 4e 55 4d");
    }

    @Test
    void rejectsBrokenPngs() throws IOException {
        BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_3BYTE_BGR);
        SplittableRandom random = new SplittableRandom(30);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                image.setRGB(x, y, random.nextInt());
            }
        }
        byte[] png = write(image, "png");
        assertBad(RecordReasons.UNDECODABLE_IMAGE, COL, () -> decode(Arrays.copyOf(png, png.length / 2)),
                "PNG does not decode");
        assertBad(RecordReasons.UNDECODABLE_IMAGE, COL, () -> decode(Arrays.copyOf(png, 8)), "PNG");
        assertBad(RecordReasons.UNDECODABLE_IMAGE, COL, () -> decode(Arrays.copyOf(png, 30)), "PNG");
        byte[] flipped = png.clone();
        flipped[png.length / 2] ^= 0x55;
        assertBad(RecordReasons.UNDECODABLE_IMAGE, COL, () -> decode(flipped), "PNG");
        // Palette index 3 in a palette of 2 entries.
        byte[] badIndex = TinyPng.png(4, 1, 2, 3, new byte[][] {{0b00_01_11_00}}, new byte[] {1, 2, 3, 4, 5, 6}, null);
        assertBad(RecordReasons.UNDECODABLE_IMAGE, COL, () -> decode(badIndex),
                "pixel (2, 0) uses palette entry 3 but the palette has 2 entries");
        // A short palette whose indices stay inside it is fine.
        byte[] shortPalette = TinyPng.png(4, 1, 2, 3, new byte[][] {{0b00_01_01_00}}, new byte[] {1, 2, 3, 4, 5, 6}, null);
        assertArrayEquals(new byte[] {1, 4, 4, 1, 2, 5, 5, 2, 3, 6, 6, 3}, decode(shortPalette).bytes());
    }

    @Test
    void rejectsBrokenAndTruncatedJpegs() throws IOException {
        BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_3BYTE_BGR);
        SplittableRandom random = new SplittableRandom(31);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                image.setRGB(x, y, random.nextInt());
            }
        }
        byte[] jpeg = write(image, "jpeg");
        // libjpeg decodes these with a warning and gray rows; they must not pass as images.
        assertBad(RecordReasons.UNDECODABLE_IMAGE, COL, () -> decode(Arrays.copyOf(jpeg, jpeg.length / 2)),
                "JPEG is truncated");
        assertBad(RecordReasons.UNDECODABLE_IMAGE, COL, () -> decode(Arrays.copyOf(jpeg, jpeg.length - 2)),
                "truncated");
        assertBad(RecordReasons.UNDECODABLE_IMAGE, COL, () -> decode(Arrays.copyOf(jpeg, 40)), "JPEG");
        assertBad(RecordReasons.UNDECODABLE_IMAGE, COL,
                () -> decode(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 1, 2, 3}), "does not decode");
    }

    @Test
    void rejectsCmykJpegs() throws IOException {
        // The JDK writes a 4-band raster as a CMYK JPEG and reads it back in a CMYK colour space.
        WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 8, 8, 4, null);
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(raster, null, null), null);
        } finally {
            writer.dispose();
        }
        assertBad(RecordReasons.UNDECODABLE_IMAGE, COL, () -> decode(bytes.toByteArray()), "CMYK");
    }

    // ---- images too large to decode -----------------------------------------------------------

    @Test
    void refusesAnImageLargerThanTheLimitFromItsHeader() {
        byte[] bomb = ImageBombs.blackPng(13_000, 13_000, 3);
        assertTrue(bomb.length < 1_000_000, "a small file: " + bomb.length);
        assertBad(RecordReasons.IMAGE_TOO_LARGE, COL, () -> decode(bomb),
                "the PNG is 13000 x 13000 pixels with 3 channels; decoding it takes 1014000000 bytes"
                        + " (507000000 for the decoder's raster, 507000000 for the tensor), more than the 268435456"
                        + " bytes one image may take (the test's limit)");
        byte[] jpeg = ImageBombs.jpegClaiming(13_000, 13_000);
        assertBad(RecordReasons.IMAGE_TOO_LARGE, COL, () -> decode(jpeg),
                "the JPEG is 13000 x 13000 pixels with 3 channels; decoding it takes 1014000000 bytes");
        byte[] gray = TinyPng.png(40_000, 40_000, 8, 0, new byte[][] {{0}}, null, null);
        assertBad(RecordReasons.IMAGE_TOO_LARGE, COL, () -> decode(gray),
                "40000 x 40000 pixels with 1 channel; decoding it takes 3200000000 bytes");
    }

    @Test
    void refusesAnImageWhoseTensorNoArrayHoldsWhateverTheLimit() {
        DecodeLimit unlimited = new DecodeLimit(Long.MAX_VALUE, "no limit");
        byte[] widest = TinyPng.png(Integer.MAX_VALUE, Integer.MAX_VALUE, 16, 6, new byte[][] {{0}}, null, null);
        assertBad(RecordReasons.IMAGE_TOO_LARGE, COL, () -> ImageDecoder.decode(widest, ChannelOrder.RGB, COL, unlimited),
                "2147483647 x 2147483647 pixels with 4 channels, more samples than one array can hold (2147483639)");
    }

    /**
     * The limit counts what the reader allocates for each kind of image, so an image decodes with
     * a limit of exactly what it takes and is refused one byte below: 8-bit RGB (a 3-byte raster
     * pixel and 3 tensor bytes), 16-bit gray (2 and 1), an 8-bit palette (1 and 3) and a JPEG (3
     * and 3).
     */
    @Test
    void theLimitIsWhatTheDecodeTakes() throws IOException {
        int w = 64;
        int h = 48;
        BufferedImage indexed = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_INDEXED);
        Object[][] cases = {
            {write(new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR), "png"), 6},
            {write(new BufferedImage(w, h, BufferedImage.TYPE_USHORT_GRAY), "png"), 3},
            {write(indexed, "png"), 4},
            {write(new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR), "jpeg"), 6},
        };
        for (Object[] c : cases) {
            byte[] image = (byte[]) c[0];
            long takes = (long) w * h * (int) c[1];
            Tensor decoded = ImageDecoder.decode(image, ChannelOrder.RGB, COL, new DecodeLimit(takes, "exact"));
            assertEquals(h, decoded.height());
            assertBad(RecordReasons.IMAGE_TOO_LARGE, COL,
                    () -> ImageDecoder.decode(image, ChannelOrder.RGB, COL, new DecodeLimit(takes - 1, "one less")),
                    "decoding it takes " + takes + " bytes", "more than the " + (takes - 1) + " bytes");
        }
    }
}
