package io.tensorpool.job.write;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import org.apache.parquet.column.values.rle.RunLengthBitPackingHybridDecoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The level runs decode, with parquet-java's own RLE/bit-packing hybrid decoder, to the levels added. */
class LevelRunsTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 255, 256, 300, 70000})
    void randomRunsDecodeToTheLevelsAdded(int maxLevel) throws IOException {
        Random random = new Random(maxLevel);
        LevelRuns runs = new LevelRuns(maxLevel);
        int[] expected = new int[5000];
        int n = 0;
        while (n < expected.length) {
            int value = random.nextInt(maxLevel + 1);
            int count = Math.min(expected.length - n, random.nextInt(4) == 0 ? random.nextInt(300) : random.nextInt(3));
            runs.add(value, count);
            Arrays.fill(expected, n, n + count, value);
            n += count;
        }
        runs.finish();
        assertArrayEquals(expected, decode(runs, maxLevel, expected.length));
    }

    @Test
    void equalNeighbouringRunsMergeIntoOne() {
        LevelRuns runs = new LevelRuns(3);
        for (int record = 0; record < 1000; record++) {
            runs.add(3, 150);
        }
        runs.finish();
        // one run: ULEB128(150000 << 1) in three bytes, then the value in one byte
        assertEquals(4, runs.length());
    }

    @Test
    void aRunLongerThanTheLimitIsCutIntoRunsThatDecodeTheSame() throws IOException {
        LevelRuns runs = new LevelRuns(1);
        runs.add(1, LevelRuns.MAX_RUN + 5L);
        runs.finish();
        byte[] bytes = Arrays.copyOf(runs.bytes(), runs.length());
        // first run: the header (MAX_RUN << 1, below 2^31) as ULEB128 in 5 bytes, then value 1;
        // second run: header 5 << 1 in one byte, then value 1
        assertEquals(8, bytes.length);
        RunLengthBitPackingHybridDecoder first = new RunLengthBitPackingHybridDecoder(1, new ByteArrayInputStream(
                bytes, 0, 6));
        assertEquals(1, first.readInt());
        RunLengthBitPackingHybridDecoder second = new RunLengthBitPackingHybridDecoder(1, new ByteArrayInputStream(
                bytes, 6, 2));
        for (int i = 0; i < 5; i++) {
            assertEquals(1, second.readInt());
        }
    }

    @Test
    void resetStartsAnEmptyPage() throws IOException {
        LevelRuns runs = new LevelRuns(2);
        runs.add(2, 10);
        runs.finish();
        runs.reset();
        runs.add(0, 1);
        runs.add(1, 2);
        runs.finish();
        assertArrayEquals(new int[] {0, 1, 1}, decode(runs, 2, 3));
    }

    private static int[] decode(LevelRuns runs, int maxLevel, int count) throws IOException {
        int bitWidth = 32 - Integer.numberOfLeadingZeros(maxLevel);
        RunLengthBitPackingHybridDecoder decoder = new RunLengthBitPackingHybridDecoder(bitWidth,
                new ByteArrayInputStream(runs.bytes(), 0, runs.length()));
        int[] levels = new int[count];
        for (int i = 0; i < count; i++) {
            levels[i] = decoder.readInt();
        }
        return levels;
    }
}
