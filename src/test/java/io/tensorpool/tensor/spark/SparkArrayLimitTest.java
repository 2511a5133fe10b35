package io.tensorpool.tensor.spark;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensorpool.SparkLineTest;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.unsafe.Platform;
import org.junit.jupiter.api.Test;

/**
 * The largest list cell: {@link ListCells#fitsOneArray} draws the line where Spark's own
 * {@code UnsafeArrayData} does, so that an output too large to write is refused as a bad record
 * instead of failing the task in Spark.
 */
@SparkLineTest
class SparkArrayLimitTest {
    @Test
    void theLineIsSparksOwn() {
        // The most elements of 2, 4 and 8 bytes one array value holds, header included.
        long[][] limits = {{2, 1_010_580_532L}, {4, 520_602_092L}, {8, 264_305_677L}};
        for (long[] limit : limits) {
            int width = (int) limit[0];
            int most = (int) limit[1];
            assertTrue(ListCells.fitsOneArray(most, width), "width " + width);
            assertFalse(ListCells.fitsOneArray(most + 1L, width), "width " + width);
            // Spark checks the size before it copies anything, so a small source array shows where it refuses.
            assertThrows(UnsupportedOperationException.class, () -> UnsafeArrayData.fromPrimitiveArray(new byte[8],
                    Platform.BYTE_ARRAY_OFFSET, most + 1, width), "width " + width);
        }
        assertFalse(ListCells.fitsOneArray(1L << 40, 1));
    }
}
