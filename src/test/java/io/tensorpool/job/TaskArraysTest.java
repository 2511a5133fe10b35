package io.tensorpool.job;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.tensorpool.SparkLineTest;
import io.tensorpool.kernel.AvgPool2d;
import io.tensorpool.kernel.IntPair;
import io.tensorpool.kernel.MaxPool2d;
import io.tensorpool.kernel.Padding;
import io.tensorpool.kernel.PoolPipeline;
import io.tensorpool.kernel.PoolResult;
import io.tensorpool.kernel.SharedScales;
import io.tensorpool.kernel.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Reused arrays give exactly the values of fresh ones, and are reused only while the shape holds. */
@SparkLineTest
class TaskArraysTest {

    private static Tensor random(long seed, int... shape) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[Math.toIntExact(Tensor.elementCount(shape))];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return Tensor.ofFloats(values, shape);
    }

    @Test
    void theLastOperatorWritesIntoOneOutputPerShape() {
        PoolPipeline pipeline = new PoolPipeline(List.of(MaxPool2d.of(2)));
        TaskArrays arrays = new TaskArrays();
        Tensor first = random(1, 3, 8, 8);
        Tensor second = random(2, 3, 8, 8);
        PoolResult a = arrays.pool(pipeline, first);
        float[] firstValues = a.values().floats().clone();
        assertArrayEquals(pipeline.apply(first).values().floats(), firstValues);
        PoolResult b = arrays.pool(pipeline, second);
        assertSame(a.values().floats(), b.values().floats(), "the same output array for the same shape");
        assertArrayEquals(pipeline.apply(second).values().floats(), b.values().floats());

        PoolResult other = arrays.pool(pipeline, random(3, 3, 10, 6));
        assertArrayEquals(new int[] {3, 5, 3}, other.values().shape());
        assertNotSame(b.values().floats(), other.values().floats(), "a new array for a new shape");
    }

    @Test
    void multiOperatorPipelinesAndIndicesGiveWhatApplyGives() {
        PoolPipeline chain = new PoolPipeline(List.of(
                new AvgPool2d(IntPair.of(3), IntPair.of(1), Padding.symmetric(1, 1), null, false, true, null),
                MaxPool2d.of(2)));
        Tensor input = random(4, 2, 3, 12, 12);
        assertArrayEquals(chain.apply(input).values().floats(), new TaskArrays().pool(chain, input).values().floats());

        PoolPipeline withIndices = new PoolPipeline(List.of(
                new MaxPool2d(IntPair.of(2), IntPair.of(2), Padding.symmetric(0, 0), null, false, true)));
        PoolResult expected = withIndices.apply(input);
        PoolResult actual = new TaskArrays().pool(withIndices, input);
        assertNotNull(actual.indices());
        assertArrayEquals(expected.values().floats(), actual.values().floats());
        assertArrayEquals(expected.indices(), actual.indices());
        assertNull(new TaskArrays().pool(chain, input).indices());
    }

    @Test
    void inputArraysAreKeptWhileTheCountHolds() {
        TaskArrays arrays = new TaskArrays();
        float[] a = arrays.inputFloats(12);
        assertSame(a, arrays.inputFloats(12));
        float[] b = arrays.inputFloats(20);
        assertNotSame(a, b);
        assertEquals(20, b.length);
        assertSame(b, arrays.inputFloats(20));
    }

    /** Each output of several scales has its own reused array, and composed scales equal direct ones. */
    @Test
    void severalScalesKeepOneOutputEachAndEqualTheirPipelines() {
        List<PoolPipeline> pipelines = List.of(new PoolPipeline(List.of(MaxPool2d.of(2))),
                new PoolPipeline(List.of(MaxPool2d.of(4))), new PoolPipeline(List.of(new AvgPool2d(IntPair.of(2),
                        null, Padding.NONE, null, false, true, null))));
        SharedScales scales = SharedScales.shared(pipelines);
        assertEquals(0, scales.source(1), "1/4 from 1/2");
        TaskArrays arrays = new TaskArrays();
        PoolResult[] first = arrays.poolAll(scales, random(5, 3, 17, 18));
        Object[] held = {first[0].values().data(), first[1].values().data(), first[2].values().data()};
        for (int i = 0; i < held.length; i++) {
            for (int j = i + 1; j < held.length; j++) {
                assertNotSame(held[i], held[j], "outputs " + i + " and " + j + " share an array");
            }
        }
        Tensor next = random(6, 3, 17, 18);
        PoolResult[] second = arrays.poolAll(scales, next);
        for (int i = 0; i < pipelines.size(); i++) {
            assertSame(held[i], second[i].values().data(), "output " + i + " reused");
            assertArrayEquals(pipelines.get(i).apply(next).values().floats(), second[i].values().floats());
        }
    }
}
