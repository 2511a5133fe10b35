package io.tensorpool.job.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensorpool.SparkLineTest;
import io.tensorpool.job.HandPagedListFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link ListColumnFile} on files whose pages end inside records (written page by page,
 * {@link HandPagedListFile}), without Spark, against the records the file was
 * written from: several row groups, and rows asked for in order,
 * with gaps (rows passed over), and going back (a row group read again), as a task's splits ask.
 */
@SparkLineTest
class HandPagedColumnFileTest {
    @TempDir
    Path temp;

    static Stream<Arguments> files() {
        Stream.Builder<Arguments> cases = Stream.builder();
        for (String form : new String[] {HandPagedListFile.THREE_LEVEL, HandPagedListFile.TWO_LEVEL,
            HandPagedListFile.BARE_REPEATED}) {
            for (boolean emptyCells : new boolean[] {false, true}) {
                cases.add(Arguments.of(form, emptyCells, 23, 70));
                cases.add(Arguments.of(form, emptyCells, 1000, 1_000_000));
            }
        }
        return cases.build();
    }

    @ParameterizedTest(name = "{0}, null and empty cells {1}, row groups of {2}, pages of {3} levels")
    @MethodSource("files")
    void readsEveryRecordAsWrittenInOrderWithGapsAndGoingBack(String form, boolean emptyCells, int rowsPerGroup,
                                                              int levelsPerPage) throws IOException {
        List<Float[]> records = records(form, emptyCells);
        Path file = temp.resolve("f.parquet");
        HandPagedListFile.write(file, form, records, 0, rowsPerGroup, levelsPerPage);
        List<long[]> orders = List.of(
                rows(0, records.size(), 1),
                rows(0, records.size(), 3),
                rows(records.size() / 2, records.size(), 1),
                concat(rows(60, 100, 1), rows(0, 60, 1)),
                new long[] {99, 0, 50, 49, 23, 22, 24, 1});
        for (long[] order : orders) {
            try (ListColumnFile reader = ListColumnFile.open(new Configuration(),
                    new org.apache.hadoop.fs.Path(file.toUri()), file.toString(), "x", true)) {
                RecordValues values = new RecordValues();
                for (long row : order) {
                    reader.read(row, values);
                    assertRecord(records.get((int) row), values, "row " + row + " of " + java.util.Arrays.toString(order));
                }
            }
        }
    }

    private static void assertRecord(Float[] expected, RecordValues actual, String what) {
        if (expected == null) {
            assertTrue(actual.isNullCell(), what + ": a null cell");
            return;
        }
        assertTrue(!actual.isNullCell(), what + ": not a null cell");
        assertEquals(expected.length, actual.length(), what + ": length");
        for (int i = 0; i < expected.length; i++) {
            if (expected[i] == null) {
                assertTrue(actual.isNullAt(i), what + ": element " + i + " is null");
            } else {
                assertTrue(!actual.isNullAt(i), what + ": element " + i + " is not null");
                assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual.getFloat(i)),
                        what + ": element " + i);
            }
        }
    }

    private static List<Float[]> records(String form, boolean emptyCells) {
        Random random = new Random(form.hashCode() + (emptyCells ? 1 : 0));
        List<Float[]> records = new ArrayList<>();
        for (int r = 0; r < 100; r++) {
            Float[] record = new Float[1 + random.nextInt(300)];
            for (int i = 0; i < record.length; i++) {
                record[i] = random.nextInt(10) == 0 ? Float.intBitsToFloat(0x7f800001 + random.nextInt(1000))
                        : (float) random.nextGaussian();
                if (form.equals(HandPagedListFile.THREE_LEVEL) && random.nextInt(50) == 0) {
                    record[i] = null;
                }
            }
            if (emptyCells && r % 9 == 4) {
                record = new Float[0];
            } else if (emptyCells && r % 9 == 5 && !form.equals(HandPagedListFile.BARE_REPEATED)) {
                record = null;
            }
            records.add(record);
        }
        return records;
    }

    private static long[] rows(int from, int to, int step) {
        List<Long> rows = new ArrayList<>();
        for (long r = from; r < to; r += step) {
            rows.add(r);
        }
        return rows.stream().mapToLong(Long::longValue).toArray();
    }

    private static long[] concat(long[] a, long[] b) {
        long[] both = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
