package io.tensorpool.tensor;

import io.tensorpool.config.ChannelOrder;
import io.tensorpool.kernel.ElementType;
import io.tensorpool.kernel.Tensor;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * The {@code encoded} layout and image folders: PNG or JPEG bytes to a {@code (C, H, W)} uint8
 * tensor, decoded by the JDK's {@code javax.imageio} readers.
 *
 * <h2>Channels</h2>
 * <ul>
 *   <li>grayscale: C = 1; grayscale with alpha (PNG colour type 4, or gray with a {@code tRNS}
 *       transparent value): C = 2, gray then alpha (as PIL's {@code LA} and torchvision's
 *       unchanged mode);</li>
 *   <li>RGB: C = 3; RGB with alpha (PNG colour type 6, or RGB with {@code tRNS}): C = 4;</li>
 *   <li>palette PNGs are expanded through their palette to RGB, or RGBA when the palette has
 *       transparency ({@code tRNS});</li>
 *   <li>{@link ChannelOrder#BGR} swaps the first and third colour channels (alpha stays last).</li>
 * </ul>
 *
 * <h2>Samples</h2>
 * The decoded samples are taken as stored, with no colour management (ICC profiles and
 * {@code gAMA} are ignored, as PIL and torchvision ignore them) and no EXIF rotation. 8-bit
 * samples are copied. Samples of other depths are scaled to 8 bits with rounding to nearest:
 * {@code round(v * 255 / (2^bits - 1))}, computed exactly as {@code (510 v + max) / (2 max)};
 * for 16-bit PNGs that is {@code round(v / 257)}, which never ties, and for 1/2/4-bit grayscale
 * it is the exact bit replication libpng does (0..3 to 0, 85, 170, 255). 16-bit images are
 * scaled rather than refused because the layout's contract is uint8; users who need the 16
 * bits should store them as {@code npy} or {@code binary}.
 *
 * <h2>Refused (reason {@code undecodable_image})</h2>
 * Bytes that are neither PNG (signature {@code 89 50 4E 47 0D 0A 1A 0A}) nor JPEG
 * ({@code FF D8 FF}); bytes the reader cannot decode; JPEGs the reader reports as truncated
 * (libjpeg would otherwise fill the missing rows with gray); colour spaces other than gray and
 * RGB (CMYK/YCCK JPEGs).
 *
 * <h2>Refused (reason {@code image_too_large})</h2>
 * Images whose decoding would take more memory than the caller's {@link DecodeLimit} (the
 * reader's raster plus the tensor, see {@link DecodedImageSize}), or whose tensor would hold more
 * than one array can: refused from their header, before the reader allocates anything. A PNG
 * compresses a flat image about a thousandfold, so a file of a few hundred KB can claim gigabytes
 * of pixels.
 *
 * <p>Decoding never touches the disk: the bytes are read through a
 * {@link MemoryCacheImageInputStream}, whatever {@code ImageIO.getUseCache()} says.
 */
public final class ImageDecoder {
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    /** PNG colour type 0 (grayscale) sits at byte 25: signature 8, chunk length 4, "IHDR" 4, width 4, height 4, depth 1. */
    private static final int PNG_COLOUR_TYPE_OFFSET = 25;
    private static final int PNG_GRAY = 0;

    private ImageDecoder() {
    }

    /**
     * Decodes PNG or JPEG bytes to a new {@code (C, H, W)} uint8 tensor (see the class notes for
     * the channels and the scaling), unless decoding it would take more than {@code limit}.
     *
     * @param limit the most bytes the decoder's raster and the tensor may take together
     *     ({@link DecodedImageSize})
     * @throws BadRecordException {@code null_tensor}, {@code undecodable_image} or
     *     {@code image_too_large}
     */
    public static Tensor decode(byte[] cell, ChannelOrder order, String column, DecodeLimit limit) {
        String context = TensorErrors.cannotDecode(column, "an encoded image");
        if (cell == null) {
            throw new BadRecordException(RecordReasons.NULL_TENSOR, context + ": the cell is null");
        }
        boolean png = startsWith(cell, PNG_SIGNATURE);
        boolean jpeg = cell.length >= 3 && (cell[0] & 0xFF) == 0xFF && (cell[1] & 0xFF) == 0xD8 && (cell[2] & 0xFF) == 0xFF;
        if (!png && !jpeg) {
            throw new BadRecordException(RecordReasons.UNDECODABLE_IMAGE, context + ": the " + cell.length
                    + " bytes are neither PNG nor JPEG (first bytes " + hex(cell) + ")");
        }
        String format = png ? "PNG" : "JPEG";
        BufferedImage image = read(cell, png ? Readers.PNG : Readers.JPEG, format, context, limit);
        boolean grayPalette = png && cell.length > PNG_COLOUR_TYPE_OFFSET && cell[PNG_COLOUR_TYPE_OFFSET] == PNG_GRAY;
        int paletteEntries = png && image.getColorModel() instanceof IndexColorModel ? pngPaletteEntries(cell) : -1;
        return toTensor(image, order, grayPalette, paletteEntries, context + " (" + format + ")");
    }

    /**
     * The number of entries in a PNG's {@code PLTE} chunk, or -1 when there is none. The JDK pads
     * a short palette up to 2^depth entries by repeating its last colour, so an index past the
     * real palette (an error in the PNG spec) would otherwise decode to a made-up colour.
     */
    private static int pngPaletteEntries(byte[] png) {
        int at = PNG_SIGNATURE.length;
        while (at + 8 <= png.length) {
            long length = ((png[at] & 0xFFL) << 24) | ((png[at + 1] & 0xFF) << 16)
                    | ((png[at + 2] & 0xFF) << 8) | (png[at + 3] & 0xFF);
            if (png[at + 4] == 'P' && png[at + 5] == 'L' && png[at + 6] == 'T' && png[at + 7] == 'E') {
                return (int) (length / 3);
            }
            if (png[at + 4] == 'I' && png[at + 5] == 'D' && png[at + 6] == 'A' && png[at + 7] == 'T') {
                return -1; // PLTE must come before the image data
            }
            long next = at + 12 + length;
            if (next > png.length) {
                return -1;
            }
            at = (int) next;
        }
        return -1;
    }

    /**
     * The reader providers, looked up once: the registry search is not free and is the same every
     * time. The JDK's own readers are preferred over plugins that other jars on an executor's
     * classpath may register, so that the documented behaviour (and the tests) hold everywhere.
     */
    private static final class Readers {
        static final ImageReaderSpi PNG = provider("png");
        static final ImageReaderSpi JPEG = provider("jpeg");

        private static ImageReaderSpi provider(String format) {
            ImageReaderSpi chosen = null;
            for (Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format); readers.hasNext();) {
                ImageReader reader = readers.next();
                ImageReaderSpi spi = reader.getOriginatingProvider();
                reader.dispose();
                if (chosen == null || spi.getClass().getName().startsWith("com.sun.imageio.")) {
                    chosen = spi;
                }
            }
            if (chosen == null) {
                throw new IllegalStateException("this JDK has no javax.imageio reader for " + format);
            }
            return chosen;
        }
    }

    private static BufferedImage read(byte[] cell, ImageReaderSpi provider, String format, String context,
                                      DecodeLimit limit) {
        ImageReader reader = null;
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(cell))) {
            reader = provider.createReaderInstance();
            TruncationWatch truncation = new TruncationWatch();
            reader.addIIOReadWarningListener(truncation);
            reader.setInput(in, true, true);
            checkSize(DecodedImageSize.of(reader), format, context, limit);
            BufferedImage image = reader.read(0);
            if (truncation.warning != null) {
                throw new BadRecordException(RecordReasons.UNDECODABLE_IMAGE, context + ": the " + format
                        + " is truncated (" + truncation.warning + ")");
            }
            return image;
        } catch (IOException | RuntimeException e) {
            if (e instanceof BadRecordException bad) {
                throw bad;
            }
            // Corrupt input makes some readers throw unchecked exceptions (index errors and the like).
            throw new BadRecordException(RecordReasons.UNDECODABLE_IMAGE, context + ": the " + format
                    + " does not decode (" + e + ")", e);
        } finally {
            if (reader != null) {
                reader.dispose();
            }
        }
    }

    /**
     * Refuses, from its header alone, an image whose decoding would take more memory than one
     * record may, or whose tensor would not fit one array: a few hundred KB of PNG can claim
     * 13,000 x 13,000 RGB pixels, which the reader would allocate in full before reading a row.
     */
    private static void checkSize(DecodedImageSize size, String format, String context, DecodeLimit limit) {
        String image = context + ": the " + format + " is " + size.width() + " x " + size.height() + " pixels with "
                + size.channels() + (size.channels() == 1 ? " channel" : " channels");
        if (size.tensorTooLarge()) {
            throw new BadRecordException(RecordReasons.IMAGE_TOO_LARGE, image + ", more samples than one array can hold ("
                    + Tensor.MAX_ELEMENTS + ")");
        }
        if (size.totalBytes() > limit.bytes()) {
            throw new BadRecordException(RecordReasons.IMAGE_TOO_LARGE, image + "; decoding it takes "
                    + size.totalBytes() + " bytes (" + size.rasterBytes() + " for the decoder's raster, "
                    + size.tensorBytes() + " for the tensor), more than the " + limit.bytes()
                    + " bytes one image may take (" + limit.source() + ")");
        }
    }

    /**
     * libjpeg reports a cut-off file as a warning and fills the missing rows with gray; those
     * warnings make the image a bad record. Other warnings (extraneous bytes before a marker, an
     * invalid ICC profile) leave the pixels decoded and are accepted, as PIL and torchvision do.
     */
    private static final class TruncationWatch implements javax.imageio.event.IIOReadWarningListener {
        String warning;

        @Override
        public void warningOccurred(ImageReader source, String message) {
            String m = message == null ? "" : message.toLowerCase(Locale.ROOT);
            if (warning == null && (m.contains("truncated") || m.contains("premature end"))) {
                warning = message;
            }
        }
    }

    private static Tensor toTensor(BufferedImage image, ChannelOrder order, boolean grayPalette, int paletteEntries,
            String context) {
        int w = image.getWidth();
        int h = image.getHeight();
        ColorModel cm = image.getColorModel();
        Raster raster = image.getRaster();
        if (cm instanceof IndexColorModel icm) {
            return fromPalette(icm, raster, w, h, order, grayPalette, paletteEntries, context);
        }
        int colourType = cm.getColorSpace().getType();
        int colours = cm.getNumColorComponents();
        boolean alpha = cm.hasAlpha();
        boolean gray = colourType == ColorSpace.TYPE_GRAY && colours == 1;
        boolean rgb = colourType == ColorSpace.TYPE_RGB && colours == 3;
        int channels = colours + (alpha ? 1 : 0);
        if ((!gray && !rgb) || raster.getNumBands() != channels || cm.isAlphaPremultiplied()) {
            throw new BadRecordException(RecordReasons.UNDECODABLE_IMAGE, context + ": colour space "
                    + colourSpaceName(colourType) + " with " + raster.getNumBands()
                    + " bands is not supported; expected grayscale or RGB, with or without alpha");
        }
        int[] pick = channelPick(gray, alpha, order);
        byte[] out = new byte[channels * w * h];
        if (isPlainBytes(cm, raster)) {
            copyInterleavedBytes(raster, pick, w, h, out);
        } else {
            copyScaledSamples(raster, cm, pick, w, h, out);
        }
        return Tensor.of(ElementType.UINT8, out, channels, h, w);
    }

    /** Source band for each output channel: the colour bands in the wanted order, alpha last. */
    private static int[] channelPick(boolean gray, boolean alpha, ChannelOrder order) {
        if (gray) {
            return alpha ? new int[] {0, 1} : new int[] {0};
        }
        int[] colours = order == ChannelOrder.BGR ? new int[] {2, 1, 0} : new int[] {0, 1, 2};
        return alpha ? new int[] {colours[0], colours[1], colours[2], 3} : colours;
    }

    /** 8-bit samples in a byte buffer laid out by a component sample model, read in place. */
    private static boolean isPlainBytes(ColorModel cm, Raster raster) {
        if (!(raster.getDataBuffer() instanceof DataBufferByte) || !(raster.getSampleModel() instanceof ComponentSampleModel)
                || raster.getSampleModelTranslateX() != 0 || raster.getSampleModelTranslateY() != 0) {
            return false;
        }
        for (int size : cm.getComponentSize()) {
            if (size != 8) {
                return false;
            }
        }
        return true;
    }

    /** De-interleaves straight from the decoder's byte buffer: one strided pass per output plane. */
    private static void copyInterleavedBytes(Raster raster, int[] pick, int w, int h, byte[] out) {
        ComponentSampleModel sm = (ComponentSampleModel) raster.getSampleModel();
        DataBufferByte buffer = (DataBufferByte) raster.getDataBuffer();
        int pixelStride = sm.getPixelStride();
        int scanline = sm.getScanlineStride();
        int plane = w * h;
        for (int c = 0; c < pick.length; c++) {
            int band = pick[c];
            int bank = sm.getBankIndices()[band];
            byte[] src = buffer.getData(bank);
            int base = buffer.getOffsets()[bank] + sm.getBandOffsets()[band];
            int o = c * plane;
            for (int y = 0; y < h; y++, o += w) {
                int s = base + y * scanline;
                if (pixelStride == 1) {
                    System.arraycopy(src, s, out, o, w);
                } else {
                    for (int x = 0; x < w; x++, s += pixelStride) {
                        out[o + x] = src[s];
                    }
                }
            }
        }
    }

    /** Any other sample layout (16-bit, packed): whole rows through {@code Raster.getPixels}, scaled to 8 bits. */
    private static void copyScaledSamples(Raster raster, ColorModel cm, int[] pick, int w, int h, byte[] out) {
        int bands = raster.getNumBands();
        int[] max = new int[bands];
        for (int b = 0; b < bands; b++) {
            max[b] = (1 << cm.getComponentSize(b)) - 1;
        }
        int[] row = new int[w * bands];
        int plane = w * h;
        for (int y = 0; y < h; y++) {
            raster.getPixels(raster.getMinX(), raster.getMinY() + y, w, 1, row);
            for (int c = 0; c < pick.length; c++) {
                int band = pick[c];
                long m = max[band];
                int o = c * plane + y * w;
                if (m == 255) {
                    for (int x = 0, s = band; x < w; x++, s += bands) {
                        out[o + x] = (byte) row[s];
                    }
                } else {
                    for (int x = 0, s = band; x < w; x++, s += bands) {
                        out[o + x] = (byte) ((510L * row[s] + m) / (2 * m));
                    }
                }
            }
        }
    }

    /**
     * Palette images: indices looked up in the palette. A grayscale PNG of 1, 2 or 4 bits comes
     * back from the JDK as a palette image whose palette is the gray ramp; it stays one channel.
     *
     * @param paletteEntries the entries the file really has, when known; -1 to trust the colour model
     */
    private static Tensor fromPalette(IndexColorModel icm, Raster raster, int w, int h, ChannelOrder order,
            boolean grayPng, int paletteEntries, String context) {
        int size = icm.getMapSize();
        int valid = paletteEntries < 0 ? size : Math.min(size, paletteEntries);
        byte[] r = new byte[size];
        byte[] g = new byte[size];
        byte[] b = new byte[size];
        byte[] a = new byte[size];
        icm.getReds(r);
        icm.getGreens(g);
        icm.getBlues(b);
        icm.getAlphas(a);
        boolean alpha = icm.hasAlpha();
        byte[][] tables;
        if (grayPng) {
            tables = alpha ? new byte[][] {r, a} : new byte[][] {r};
        } else {
            byte[] first = order == ChannelOrder.BGR ? b : r;
            byte[] third = order == ChannelOrder.BGR ? r : b;
            tables = alpha ? new byte[][] {first, g, third, a} : new byte[][] {first, g, third};
        }
        int channels = tables.length;
        int plane = w * h;
        byte[] out = new byte[channels * plane];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            raster.getSamples(raster.getMinX(), raster.getMinY() + y, w, 1, 0, row);
            int o = y * w;
            for (int x = 0; x < w; x++) {
                int index = row[x];
                if (index >= valid) {
                    throw new BadRecordException(RecordReasons.UNDECODABLE_IMAGE, context + ": pixel (" + x + ", " + y
                            + ") uses palette entry " + index + " but the palette has " + valid + " entries");
                }
                for (int c = 0; c < channels; c++) {
                    out[c * plane + o + x] = tables[c][index];
                }
            }
        }
        return Tensor.of(ElementType.UINT8, out, channels, h, w);
    }

    private static String colourSpaceName(int type) {
        return switch (type) {
            case ColorSpace.TYPE_GRAY -> "gray";
            case ColorSpace.TYPE_RGB -> "RGB";
            case ColorSpace.TYPE_CMYK -> "CMYK";
            case ColorSpace.TYPE_YCbCr -> "YCbCr";
            default -> "type " + type;
        };
    }

    private static boolean startsWith(byte[] cell, byte[] prefix) {
        if (cell.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (cell[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static String hex(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(bytes.length, 8); i++) {
            sb.append(i == 0 ? "" : " ").append(String.format("%02x", bytes[i] & 0xFF));
        }
        return sb.length() == 0 ? "none" : sb.toString();
    }
}
