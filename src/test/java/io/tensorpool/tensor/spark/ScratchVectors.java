package io.tensorpool.tensor.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.execution.vectorized.OffHeapColumnVector;
import org.apache.spark.sql.execution.vectorized.OnHeapColumnVector;
import org.apache.spark.sql.execution.vectorized.WritableColumnVector;
import org.apache.spark.sql.types.DataType;

/**
 * Column vectors a test builds the way Parquet's vectorized reader fills them, on or off heap,
 * all freed together when the test closes this (off-heap memory is not the collector's).
 */
final class ScratchVectors implements AutoCloseable {
    private final List<WritableColumnVector> made = new ArrayList<>();

    WritableColumnVector allocate(int capacity, DataType type, boolean offHeap) {
        WritableColumnVector vector = offHeap ? new OffHeapColumnVector(capacity, type)
                : new OnHeapColumnVector(capacity, type);
        made.add(vector);
        return vector;
    }

    @Override
    public void close() {
        made.forEach(WritableColumnVector::close);
        made.clear();
    }

    /** The raw bits of each float, so that assertions tell NaN payloads and signed zeros apart. */
    static int[] bits(float[] values) {
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Float.floatToRawIntBits(values[i]);
        }
        return out;
    }
}
