package io.tensorpool.tensor;

import io.tensorpool.config.ChannelOrder;
import io.tensorpool.kernel.ElementType;
import io.tensorpool.kernel.Tensor;

/**
 * The {@code image} layout: the fields of Spark's image source struct
 * ({@code spark.read.format("image")}: {@code struct<origin, height, width, nChannels, mode, data>})
 * turned into a {@code (C, H, W)} uint8 tensor. Pure: the job reads the fields from the row.
 *
 * <p>Spark stores {@code data} as {@code height * width * nChannels} bytes, row by row, pixel by
 * pixel, channels in OpenCV's BGR (BGRA with 4 channels) order. {@code mode} is the OpenCV type:
 * {@value #CV_8UC1} with 1 channel, {@value #CV_8UC3} with 3, {@value #CV_8UC4} with 4; Spark
 * writes {@value #UNDEFINED} for a file it could not decode (with {@code dropInvalid=false}).
 */
public final class SparkImageStruct {
    /** OpenCV type of a gray 8-bit image. */
    public static final int CV_8UC1 = 0;
    /** OpenCV type of a BGR 8-bit image. */
    public static final int CV_8UC3 = 16;
    /** OpenCV type of a BGRA 8-bit image. */
    public static final int CV_8UC4 = 24;
    /** The mode of a row whose file did not decode. */
    public static final int UNDEFINED = -1;

    private SparkImageStruct() {
    }

    /**
     * Converts one image struct to a new {@code (nChannels, height, width)} uint8 tensor: a
     * transpose from HWC, with the colour channels reordered to RGB(A) when {@code wanted} is
     * {@link ChannelOrder#RGB} and kept as BGR(A) when it is {@link ChannelOrder#BGR} (gray is
     * the same in both).
     *
     * @throws BadRecordException {@code invalid_image} for mode -1, a mode that does not match
     *     {@code nChannels}, a channel count other than 1, 3 or 4, a size below 1, or a
     *     {@code data} length other than {@code height * width * nChannels};
     *     {@code shape_too_large} when that product is more than one array holds
     */
    public static Tensor fromImageFields(int height, int width, int nChannels, int mode, byte[] data,
            ChannelOrder wanted, String column) {
        String context = TensorErrors.cannotRead(column, "a Spark image");
        if (mode == UNDEFINED) {
            throw invalid(context + ": mode -1 marks a file the image source could not decode");
        }
        int expectedMode = switch (nChannels) {
            case 1 -> CV_8UC1;
            case 3 -> CV_8UC3;
            case 4 -> CV_8UC4;
            default -> throw invalid(context + ": nChannels is " + nChannels + "; expected 1, 3 or 4");
        };
        if (mode != expectedMode) {
            throw invalid(context + ": mode " + mode + " does not match nChannels " + nChannels + " (expected mode "
                    + expectedMode + "; supported modes are 0 = CV_8UC1, 16 = CV_8UC3, 24 = CV_8UC4)");
        }
        if (height < 1 || width < 1) {
            throw invalid(context + ": the image is " + height + " x " + width + " pixels; both sides must be at least 1");
        }
        if (data == null) {
            throw invalid(context + ": the data field is null");
        }
        int[] shape = {nChannels, height, width};
        Shapes.checkRecordShape(shape, context);
        long expectedLength = Tensor.elementCount(shape);
        if (data.length != expectedLength) {
            throw invalid(context + ": data holds " + data.length + " bytes but height " + height + " x width " + width
                    + " x nChannels " + nChannels + " needs " + expectedLength);
        }
        int plane = height * width;
        byte[] out;
        if (nChannels == 1) {
            out = data.clone();
        } else {
            // Spark's channels are B, G, R(, A); for RGB output take them from 2, 1, 0(, 3).
            boolean rgb = wanted == ChannelOrder.RGB;
            out = new byte[data.length];
            for (int c = 0; c < nChannels; c++) {
                int from = rgb && c < 3 ? 2 - c : c;
                int o = c * plane;
                for (int p = 0, s = from; p < plane; p++, s += nChannels) {
                    out[o + p] = data[s];
                }
            }
        }
        return Tensor.of(ElementType.UINT8, out, shape);
    }

    private static BadRecordException invalid(String message) {
        return new BadRecordException(RecordReasons.INVALID_IMAGE, message);
    }
}
