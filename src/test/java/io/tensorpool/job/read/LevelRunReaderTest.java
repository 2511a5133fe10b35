package io.tensorpool.job.read;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.column.values.rle.RunLengthBitPackingHybridEncoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The run decoder of RLE/bit-packed hybrid levels against parquet-java's own encoder: whatever
 * mix of RLE runs and bit-packed groups the encoder chooses for a sequence, reading it back by
 * runs gives the same sequence, level for level.
 */
class LevelRunReaderTest {

    static Stream<Arguments> sequences() {
        Random random = new Random(20261204L);
        Stream.Builder<Arguments> cases = Stream.builder();
        for (int maxLevel : new int[] {1, 2, 3}) {
            cases.add(Arguments.of("long runs, max " + maxLevel, maxLevel, runs(random, maxLevel, 5000, 50, 4000)));
            cases.add(Arguments.of("short runs, max " + maxLevel, maxLevel, runs(random, maxLevel, 5000, 1, 7)));
            cases.add(Arguments.of("alternating, max " + maxLevel, maxLevel, alternating(maxLevel, 1001)));
            cases.add(Arguments.of("random, max " + maxLevel, maxLevel, randomLevels(random, maxLevel, 3001)));
            cases.add(Arguments.of("mixed, max " + maxLevel, maxLevel, mixed(random, maxLevel)));
            cases.add(Arguments.of("one level, max " + maxLevel, maxLevel, new int[] {maxLevel}));
            cases.add(Arguments.of("seven levels, max " + maxLevel, maxLevel, new int[] {0, maxLevel, 0, 0, 1, maxLevel, 1}));
        }
        // A tensor record's levels as a writer sees them: 0 then n-1 ones, repeated.
        int[] records = new int[0];
        for (int n : new int[] {192, 1, 7, 8, 9, 64, 1000}) {
            int[] record = new int[n];
            Arrays.fill(record, 1, n, 1);
            records = concat(records, record);
        }
        cases.add(Arguments.of("record repetition levels", 1, records));
        return cases.build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sequences")
    void decodesWhatParquetJavaEncodesRunByRun(String name, int maxLevel, int[] levels) {
        ByteBuffer encoded = encode(maxLevel, levels);
        LevelRunReader reader = new LevelRunReader(maxLevel);
        reader.reset(encoded);
        int[] decoded = new int[levels.length];
        int at = 0;
        while (at < levels.length) {
            int value = reader.value();
            int run = Math.min(reader.run(), levels.length - at);
            assertTrue(run >= 1, "a run holds at least one level, at " + at);
            Arrays.fill(decoded, at, at + run, value);
            reader.skip(run);
            at += run;
        }
        assertArrayEquals(levels, decoded, name);
    }

    /** Callers take less than a whole run (a record ends inside a run of zeros): the rest of the run stays. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("sequences")
    void decodesTheSameWhenRunsAreTakenInPieces(String name, int maxLevel, int[] levels) {
        LevelRunReader reader = new LevelRunReader(maxLevel);
        reader.reset(encode(maxLevel, levels));
        Random random = new Random(levels.length);
        int at = 0;
        while (at < levels.length) {
            int value = reader.value();
            int run = Math.min(reader.run(), levels.length - at);
            int take = 1 + random.nextInt(run);
            for (int i = 0; i < take; i++) {
                assertEquals(levels[at + i], value, name + ": level " + (at + i));
            }
            reader.skip(take);
            at += take;
        }
    }

    @Test
    void aColumnWithoutLevelsReadsZerosWithoutBytes() {
        LevelRunReader reader = new LevelRunReader(0);
        reader.reset(ByteBuffer.allocate(0));
        assertEquals(0, reader.value());
        assertTrue(reader.run() >= 1_000_000, "one endless run of zeros");
        reader.skip(1000);
        assertEquals(0, reader.value());
    }

    private static ByteBuffer encode(int maxLevel, int[] levels) {
        int bitWidth = 32 - Integer.numberOfLeadingZeros(maxLevel);
        // Not try-with-resources: the encoder is AutoCloseable only from parquet-java 1.14 (Spark 3.5 has 1.13).
        RunLengthBitPackingHybridEncoder encoder = new RunLengthBitPackingHybridEncoder(bitWidth, 64, 1 << 20,
                new HeapByteBufferAllocator());
        try {
            for (int level : levels) {
                encoder.writeInt(level);
            }
            return ByteBuffer.wrap(encoder.toBytes().toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            encoder.close();
        }
    }

    private static int[] runs(Random random, int maxLevel, int length, int minRun, int maxRun) {
        int[] levels = new int[length];
        int at = 0;
        int previous = -1;
        while (at < length) {
            int value;
            do {
                value = random.nextInt(maxLevel + 1);
            } while (value == previous);
            int run = Math.min(length - at, minRun + random.nextInt(maxRun - minRun + 1));
            Arrays.fill(levels, at, at + run, value);
            at += run;
            previous = value;
        }
        return levels;
    }

    private static int[] alternating(int maxLevel, int length) {
        int[] levels = new int[length];
        for (int i = 0; i < length; i++) {
            levels[i] = i % 2 == 0 ? 0 : maxLevel;
        }
        return levels;
    }

    private static int[] randomLevels(Random random, int maxLevel, int length) {
        int[] levels = new int[length];
        for (int i = 0; i < length; i++) {
            levels[i] = random.nextInt(maxLevel + 1);
        }
        return levels;
    }

    /** Long runs, short runs and noise one after another, so RLE runs and bit-packed groups meet at odd places. */
    private static int[] mixed(Random random, int maxLevel) {
        int[] levels = new int[0];
        for (int part = 0; part < 40; part++) {
            int[] piece = switch (part % 4) {
                case 0 -> runs(random, maxLevel, 1 + random.nextInt(300), 9, 200);
                case 1 -> randomLevels(random, maxLevel, 1 + random.nextInt(30));
                case 2 -> alternating(maxLevel, 1 + random.nextInt(20));
                default -> runs(random, maxLevel, 1 + random.nextInt(40), 1, 3);
            };
            levels = concat(levels, piece);
        }
        return levels;
    }

    private static int[] concat(int[] a, int[] b) {
        int[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
