package io.tensorpool.tensor;

import static io.tensorpool.tensor.BadCells.assertBad;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.tensorpool.config.DimOrder;
import io.tensorpool.kernel.ElementType;
import io.tensorpool.kernel.Tensor;
import org.junit.jupiter.api.Test;

class DimOrdersTest {
    private static final String COL = "features";

    /** A tensor whose element at flat index i holds a value derived from i, in any element type. */
    static Tensor iota(ElementType type, int... shape) {
        int n = (int) Tensor.elementCount(shape);
        Object data = switch (type) {
            case UINT8, INT8 -> {
                byte[] a = new byte[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (byte) (i * 7 + 1);
                }
                yield a;
            }
            case INT16 -> {
                short[] a = new short[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (short) (i * 7 + 1);
                }
                yield a;
            }
            case INT32 -> {
                int[] a = new int[n];
                for (int i = 0; i < n; i++) {
                    a[i] = i * 7 + 1;
                }
                yield a;
            }
            case INT64 -> {
                long[] a = new long[n];
                for (int i = 0; i < n; i++) {
                    a[i] = i * 7L + (1L << 40);
                }
                yield a;
            }
            case FLOAT32 -> {
                float[] a = new float[n];
                for (int i = 0; i < n; i++) {
                    a[i] = i * 0.5f - 3;
                }
                yield a;
            }
            case FLOAT64 -> {
                double[] a = new double[n];
                for (int i = 0; i < n; i++) {
                    a[i] = i * 0.25 - 1e10;
                }
                yield a;
            }
        };
        return Tensor.of(type, data, shape);
    }

    /** Element i of any tensor array as a double, for comparisons across types. */
    static double at(Tensor t, int i) {
        Object d = t.data();
        if (d instanceof byte[] a) {
            return a[i];
        } else if (d instanceof short[] a) {
            return a[i];
        } else if (d instanceof int[] a) {
            return a[i];
        } else if (d instanceof long[] a) {
            return a[i];
        } else if (d instanceof float[] a) {
            return a[i];
        }
        return ((double[]) d)[i];
    }

    @Test
    void nhwcToNchwMovesEveryElementForEveryType() {
        int n = 2;
        int h = 4;
        int w = 5;
        int c = 3;
        for (ElementType type : ElementType.values()) {
            Tensor in = iota(type, n, h, w, c);
            Tensor out = DimOrders.toChannelsFirst(in, DimOrder.NHWC, COL);
            assertEquals(type, out.type());
            assertArrayEquals(new int[] {n, c, h, w}, out.shape());
            for (int b = 0; b < n; b++) {
                for (int ch = 0; ch < c; ch++) {
                    for (int y = 0; y < h; y++) {
                        for (int x = 0; x < w; x++) {
                            int src = ((b * h + y) * w + x) * c + ch;
                            int dst = ((b * c + ch) * h + y) * w + x;
                            assertEquals(at(in, src), at(out, dst), type + " at " + b + "," + ch + "," + y + "," + x);
                        }
                    }
                }
            }
        }
    }

    @Test
    void hwcToChwWithManyChannelsCrossesTileEdges() {
        // 70 channels and 37 x 3 pixels: neither axis is a multiple of the 32-element tile.
        int h = 37;
        int w = 3;
        int c = 70;
        Tensor in = iota(ElementType.FLOAT32, h, w, c);
        Tensor out = DimOrders.toChannelsFirst(in, DimOrder.HWC, COL);
        assertArrayEquals(new int[] {c, h, w}, out.shape());
        float[] src = in.floats();
        float[] dst = out.floats();
        for (int ch = 0; ch < c; ch++) {
            for (int p = 0; p < h * w; p++) {
                assertEquals(src[p * c + ch], dst[ch * h * w + p]);
            }
        }
    }

    @Test
    void channelsFirstAndRankTwoPassThrough() {
        Tensor nchw = iota(ElementType.UINT8, 1, 2, 3, 4);
        assertSame(nchw, DimOrders.toChannelsFirst(nchw, DimOrder.NCHW, COL));
        assertSame(nchw, DimOrders.toChannelsFirst(nchw, DimOrder.CHW, COL));
        Tensor hw = iota(ElementType.INT16, 3, 4);
        for (DimOrder order : DimOrder.values()) {
            assertSame(hw, DimOrders.toChannelsFirst(hw, order, COL));
        }
    }

    @Test
    void channelsLastNeedsItsRank() {
        Tensor rank3 = iota(ElementType.FLOAT32, 4, 5, 3);
        assertBad(RecordReasons.SHAPE_MISMATCH, COL, () -> DimOrders.toChannelsFirst(rank3, DimOrder.NHWC, COL),
                "[4, 5, 3]", "rank 3", "NHWC needs rank 4");
        Tensor rank4 = iota(ElementType.FLOAT32, 1, 4, 5, 3);
        assertBad(RecordReasons.SHAPE_MISMATCH, COL, () -> DimOrders.toChannelsFirst(rank4, DimOrder.HWC, COL), "HWC needs rank 3");
    }

}
