package io.tensorpool.tensor;

import static io.tensorpool.tensor.BadCells.assertBad;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import io.tensorpool.config.ChannelOrder;
import io.tensorpool.kernel.ElementType;
import io.tensorpool.kernel.Tensor;
import org.junit.jupiter.api.Test;

class SparkImageStructTest {
    private static final String COL = "image";

    /** HWC bytes where the sample of channel c at (y, x) is 100 c + 10 y + x. */
    static byte[] hwc(int h, int w, int c) {
        byte[] data = new byte[h * w * c];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int ch = 0; ch < c; ch++) {
                    data[(y * w + x) * c + ch] = (byte) (100 * ch + 10 * y + x);
                }
            }
        }
        return data;
    }

    /** Checks that output channel k holds stored channel from[k]. */
    static void assertChannels(Tensor t, int h, int w, int... from) {
        assertEquals(ElementType.UINT8, t.type());
        assertArrayEquals(new int[] {from.length, h, w}, t.shape());
        for (int k = 0; k < from.length; k++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    assertEquals((byte) (100 * from[k] + 10 * y + x), t.bytes()[(k * h + y) * w + x],
                            "channel " + k + " at (" + x + ", " + y + ")");
                }
            }
        }
    }

    @Test
    void convertsBgrToRgbOrKeepsIt() {
        byte[] data = hwc(2, 3, 3);
        assertChannels(SparkImageStruct.fromImageFields(2, 3, 3, 16, data, ChannelOrder.RGB, COL), 2, 3, 2, 1, 0);
        assertChannels(SparkImageStruct.fromImageFields(2, 3, 3, 16, data, ChannelOrder.BGR, COL), 2, 3, 0, 1, 2);
    }

    @Test
    void keepsAlphaLast() {
        byte[] data = hwc(3, 2, 4);
        assertChannels(SparkImageStruct.fromImageFields(3, 2, 4, 24, data, ChannelOrder.RGB, COL), 3, 2, 2, 1, 0, 3);
        assertChannels(SparkImageStruct.fromImageFields(3, 2, 4, 24, data, ChannelOrder.BGR, COL), 3, 2, 0, 1, 2, 3);
    }

    @Test
    void copiesGray() {
        byte[] data = hwc(4, 5, 1);
        Tensor t = SparkImageStruct.fromImageFields(4, 5, 1, 0, data, ChannelOrder.RGB, COL);
        assertChannels(t, 4, 5, 0);
        assertNotSame(data, t.bytes(), "the row's array is not retained");
    }

    @Test
    void rejectsInvalidStructs() {
        byte[] rgb = hwc(2, 3, 3);
        assertBad(RecordReasons.INVALID_IMAGE, COL,
                () -> SparkImageStruct.fromImageFields(-1, -1, -1, -1, new byte[0], ChannelOrder.RGB, COL), "mode -1");
        assertBad(RecordReasons.INVALID_IMAGE, COL,
                () -> SparkImageStruct.fromImageFields(2, 3, 3, 0, rgb, ChannelOrder.RGB, COL), "mode 0 does not match nChannels 3");
        assertBad(RecordReasons.INVALID_IMAGE, COL,
                () -> SparkImageStruct.fromImageFields(2, 3, 4, 16, rgb, ChannelOrder.RGB, COL), "expected mode 24");
        assertBad(RecordReasons.INVALID_IMAGE, COL,
                () -> SparkImageStruct.fromImageFields(2, 3, 2, 8, rgb, ChannelOrder.RGB, COL), "nChannels is 2");
        assertBad(RecordReasons.INVALID_IMAGE, COL,
                () -> SparkImageStruct.fromImageFields(2, 3, 3, 18, rgb, ChannelOrder.RGB, COL), "mode 18");
        assertBad(RecordReasons.INVALID_IMAGE, COL,
                () -> SparkImageStruct.fromImageFields(2, 4, 3, 16, rgb, ChannelOrder.RGB, COL), "18 bytes", "needs 24");
        assertBad(RecordReasons.INVALID_IMAGE, COL,
                () -> SparkImageStruct.fromImageFields(0, 3, 3, 16, new byte[0], ChannelOrder.RGB, COL), "0 x 3");
        assertBad(RecordReasons.INVALID_IMAGE, COL,
                () -> SparkImageStruct.fromImageFields(2, 3, 3, 16, null, ChannelOrder.RGB, COL), "null");
        assertBad(RecordReasons.SHAPE_TOO_LARGE, COL,
                () -> SparkImageStruct.fromImageFields(65536, 65536, 3, 16, rgb, ChannelOrder.RGB, COL),
                "[3, 65536, 65536] holds 12884901888 elements");
    }
}
