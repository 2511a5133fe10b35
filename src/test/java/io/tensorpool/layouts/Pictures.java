package io.tensorpool.layouts;

import io.tensorpool.kernel.ElementType;
import io.tensorpool.kernel.Tensor;
import java.awt.Color;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Pictures for the image layouts, made with {@code javax.imageio}, and the tensors they stand
 * for, worked out here without the job's decoder: from the pixels the test drew (PNG is
 * lossless) or from {@code ImageIO.read} (JPEG).
 */
final class Pictures {
    private Pictures() {
    }

    /** A picture of random pixels: {@code channels} 1 (gray), 3 (RGB) or 4 (RGBA). */
    static BufferedImage random(Random random, int width, int height, int channels) {
        int type = switch (channels) {
            case 1 -> BufferedImage.TYPE_BYTE_GRAY;
            case 3 -> BufferedImage.TYPE_3BYTE_BGR;
            case 4 -> BufferedImage.TYPE_4BYTE_ABGR;
            default -> throw new IllegalArgumentException("channels " + channels);
        };
        BufferedImage image = new BufferedImage(width, height, type);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                for (int c = 0; c < channels; c++) {
                    // Smooth enough for JPEG to keep most of it, with ties for max pooling.
                    int value = random.nextInt(4) == 0 ? 255 : (x * 37 + y * 23 + c * 61 + random.nextInt(40)) % 256;
                    image.getRaster().setSample(x, y, c, value);
                }
            }
        }
        return image;
    }

    /** The image's pixels as {@code (C, H, W)} uint8, colours in RGB or BGR order, alpha last. */
    static Tensor chw(BufferedImage image, boolean bgr) {
        int w = image.getWidth();
        int h = image.getHeight();
        boolean gray = image.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY;
        boolean alpha = image.getColorModel().hasAlpha();
        int channels = gray ? 1 : alpha ? 4 : 3;
        byte[] out = new byte[channels * h * w];
        Raster raster = image.getRaster();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int at = y * w + x;
                if (gray) {
                    out[at] = (byte) raster.getSample(x, y, 0);
                    continue;
                }
                Color color = new Color(image.getRGB(x, y), alpha);
                int[] rgba = {color.getRed(), color.getGreen(), color.getBlue(), color.getAlpha()};
                for (int c = 0; c < channels; c++) {
                    int from = c < 3 && bgr ? 2 - c : c;
                    out[c * h * w + at] = (byte) rgba[from];
                }
            }
        }
        return Tensor.of(ElementType.UINT8, out, channels, h, w);
    }

    /** Decodes encoded bytes with {@code ImageIO.read} and takes {@link #chw} of the result. */
    static Tensor decodeChw(byte[] encoded, boolean bgr) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(encoded));
            if (image == null) {
                throw new IllegalArgumentException("ImageIO cannot read these bytes");
            }
            return chw(image, bgr);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] png(BufferedImage image) {
        return encode(image, "png");
    }

    /** JPEG of the colour part of {@code image} (JPEG has no alpha). */
    static byte[] jpeg(BufferedImage image) {
        return encode(image, "jpeg");
    }

    private static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no " + format + " writer for " + image);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
