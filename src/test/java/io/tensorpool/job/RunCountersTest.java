package io.tensorpool.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The run's counts are exact however often Spark reports a partition: each task attempt's
 * accumulator copy is merged into the driver's, as Spark does for every successful attempt it
 * counts (a stage rerun after a lost executor, a speculative copy).
 */
class RunCountersTest {
    private static PartitionCounts partition(int index, long in, long bad, String quarantineFile) {
        return new PartitionCounts(index, in, in - bad, bad == 0 ? Map.of() : Map.of("shape_mismatch", bad),
                Map.of("[3, 8, 8]", in - bad), quarantineFile);
    }

    /** What Spark does with one successful attempt: a fresh copy in the task, merged on the driver. */
    private static void attempt(CountsAccumulator driver, PartitionCounts counts) {
        CountsAccumulator task = (CountsAccumulator) driver.copyAndReset();
        task.add(counts);
        driver.merge(task);
    }

    @Test
    void aPartitionReportedByTwoAttemptsIsCountedOnce() {
        CountsAccumulator driver = new CountsAccumulator();
        attempt(driver, partition(0, 100, 3, "part-00000-1.parquet"));
        attempt(driver, partition(1, 50, 0, null));
        attempt(driver, partition(0, 100, 3, "part-00000-7.parquet"));
        attempt(driver, partition(2, 20, 20, "part-00002-4.parquet"));
        attempt(driver, partition(1, 50, 0, null));

        RunCounters.Totals totals = new RunCounters(driver).totals();
        assertEquals(170, totals.recordsIn());
        assertEquals(147, totals.recordsOut());
        assertEquals(Map.of("shape_mismatch", 23L), totals.badRecords());
        assertEquals(Map.of("[3, 8, 8]", 147L), totals.outputShapes());
        assertEquals(List.of("part-00000-1.parquet", "part-00002-4.parquet"), totals.quarantineFiles(),
                "the quarantine file of the attempt whose counts were kept");
    }
}
