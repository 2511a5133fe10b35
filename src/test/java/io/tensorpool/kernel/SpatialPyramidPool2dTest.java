package io.tensorpool.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Array;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Spatial pyramid pooling against the adaptive max pooling of each level, laid out as documented. */
class SpatialPyramidPool2dTest {

    @Test
    void eachValueIsTheAdaptiveMaxOfItsLevelChannelAndBinAtTheDocumentedOffset() {
        Random random = new Random(21);
        List<Integer> levels = List.of(1, 2, 4);
        SpatialPyramidPool2d spp = new SpatialPyramidPool2d(levels);
        for (ElementType type : ElementType.values()) {
            for (int round = 0; round < 30; round++) {
                int[] shape = RandomTensors.shape(random);
                Tensor input = Tensor.of(type, RandomTensors.data(random, type, (int) Tensor.elementCount(shape)),
                        shape);
                int samples = shape.length == 4 ? shape[0] : 1;
                int channels = shape.length >= 3 ? shape[shape.length - 3] : 1;
                Tensor out = spp.apply(input).values();
                assertArrayEquals(new int[] {samples, channels * 21}, out.shape());
                assertEquals(type, out.type());
                int levelStart = 0;
                for (int level : levels) {
                    Object direct = new AdaptiveMaxPool2d(level, level, false).apply(input).values().data();
                    for (int n = 0; n < samples; n++) {
                        for (int c = 0; c < channels; c++) {
                            for (int i = 0; i < level; i++) {
                                for (int j = 0; j < level; j++) {
                                    int at = n * channels * 21 + channels * levelStart + c * level * level
                                            + i * level + j;
                                    int from = ((n * channels + c) * level + i) * level + j;
                                    assertEquals(bits(direct, from), bits(out.data(), at),
                                            type + " " + java.util.Arrays.toString(shape) + " level " + level);
                                }
                            }
                        }
                    }
                    levelStart += level * level;
                }
            }
        }
    }

    @Test
    void aHandWorkedPlane() {
        // 4x4 plane 0..15: level 1 is 15; level 2 the maxima of the quarters 5, 7, 13, 15.
        float[] plane = new float[16];
        for (int i = 0; i < 16; i++) {
            plane[i] = i;
        }
        Tensor out = new SpatialPyramidPool2d(List.of(1, 2)).apply(Tensor.ofFloats(plane, 1, 4, 4)).values();
        assertArrayEquals(new int[] {1, 5}, out.shape());
        assertArrayEquals(new float[] {15, 5, 7, 13, 15}, out.floats());
    }

    @Test
    void intoACallersTensorAndInputsLeftAlone() {
        Random random = new Random(22);
        int[] shape = {2, 3, 9, 7};
        Tensor input = Tensor.of(ElementType.FLOAT32, RandomTensors.data(random, ElementType.FLOAT32, 378), shape);
        Object before = RandomTensors.copy(input.data());
        SpatialPyramidPool2d spp = new SpatialPyramidPool2d(List.of(3, 1));
        Tensor output = Tensor.ofFloats(new float[2 * 30], 2, 30);
        spp.applyInto(input, output);
        assertTrue(RandomTensors.sameBits(spp.apply(input).values().data(), output.data()));
        assertTrue(RandomTensors.sameBits(before, input.data()));
    }

    @Test
    void levelsAreCheckedAndTheOperatorComesLast() {
        assertThrows(IllegalArgumentException.class, () -> new SpatialPyramidPool2d(List.of()));
        assertThrows(IllegalArgumentException.class, () -> new SpatialPyramidPool2d(List.of(1, 0)));
        IllegalArgumentException notLast = assertThrows(IllegalArgumentException.class, () -> new PoolPipeline(
                List.of(new SpatialPyramidPool2d(List.of(1)), MaxPool2d.of(1))));
        assertTrue(notLast.getMessage().contains("must be the last operator"), notLast.getMessage());
    }

    private static long bits(Object array, int i) {
        Object value = Array.get(array, i);
        if (value instanceof Float f) {
            return Float.floatToRawIntBits(f);
        } else if (value instanceof Double d) {
            return Double.doubleToRawLongBits(d);
        }
        return ((Number) value).longValue();
    }
}
