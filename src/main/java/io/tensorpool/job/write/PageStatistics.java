package io.tensorpool.job.write;

import org.apache.parquet.column.statistics.DoubleStatistics;
import org.apache.parquet.column.statistics.FloatStatistics;
import org.apache.parquet.column.statistics.IntStatistics;
import org.apache.parquet.column.statistics.LongStatistics;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.spark.unsafe.Platform;

/**
 * The statistics of one page of a bulk column, gathered from the PLAIN values as they land in
 * the page: the smallest and largest value and the number of nulls (levels without a value:
 * null elements, empty and null lists, as parquet-java counts them).
 *
 * <p>Floating point follows the Parquet format's rules for writers: NaN is never a min or max
 * (so a page whose values are all NaN has none; see {@link #onlyNaN()}), a zero min is written
 * {@code -0.0} and a zero max {@code +0.0}. The comparisons skip NaN on their own ({@code NaN < x}
 * and {@code NaN > x} are false), so the loops have no NaN test.
 */
final class PageStatistics {
    private final PrimitiveType type;
    private long nulls;
    private long values;
    private boolean any;
    private float floatMin;
    private float floatMax;
    private double doubleMin;
    private double doubleMax;
    private long longMin;
    private long longMax;

    PageStatistics(PrimitiveType type) {
        this.type = type;
        reset();
    }

    void reset() {
        nulls = 0;
        values = 0;
        any = false;
        floatMin = Float.POSITIVE_INFINITY;
        floatMax = Float.NEGATIVE_INFINITY;
        doubleMin = Double.POSITIVE_INFINITY;
        doubleMax = Double.NEGATIVE_INFINITY;
        longMin = Long.MAX_VALUE;
        longMax = Long.MIN_VALUE;
    }

    void addNulls(long count) {
        nulls += count;
    }

    /** Takes {@code count} PLAIN values of {@code element} at {@code position} of {@code page}. */
    void addValues(ListElement element, byte[] page, int position, int count) {
        long at = Platform.BYTE_ARRAY_OFFSET + (long) position;
        values += count;
        switch (element.parquetType) {
            case FLOAT -> addFloats(page, at, count);
            case DOUBLE -> addDoubles(page, at, count);
            case INT32 -> addInts(page, at, count);
            default -> addLongs(page, at, count);
        }
    }

    private void addFloats(byte[] page, long at, int count) {
        float min = floatMin;
        float max = floatMax;
        for (int i = 0; i < count; i++) {
            float v = Platform.getFloat(page, at + 4L * i);
            if (v < min) {
                min = v;
            }
            if (v > max) {
                max = v;
            }
        }
        floatMin = min;
        floatMax = max;
        // Without NaN, every value is within [min, max]; the infinities count: a page of only
        // -inf has min = max = -inf, reached by v < +inf.
        any |= min <= max;
    }

    private void addDoubles(byte[] page, long at, int count) {
        double min = doubleMin;
        double max = doubleMax;
        for (int i = 0; i < count; i++) {
            double v = Platform.getDouble(page, at + 8L * i);
            if (v < min) {
                min = v;
            }
            if (v > max) {
                max = v;
            }
        }
        doubleMin = min;
        doubleMax = max;
        any |= min <= max;
    }

    private void addInts(byte[] page, long at, int count) {
        long min = longMin;
        long max = longMax;
        for (int i = 0; i < count; i++) {
            int v = Platform.getInt(page, at + 4L * i);
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        longMin = min;
        longMax = max;
        any |= count > 0;
    }

    private void addLongs(byte[] page, long at, int count) {
        long min = longMin;
        long max = longMax;
        for (int i = 0; i < count; i++) {
            long v = Platform.getLong(page, at + 8L * i);
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        longMin = min;
        longMax = max;
        any |= count > 0;
    }

    /**
     * True when the page holds values but every one is NaN: it has no min or max, and it is not a
     * page of nulls either, which is all a column index could say of a page without min and max.
     */
    boolean onlyNaN() {
        return values > 0 && !any;
    }

    /** The page's statistics as parquet-java takes them. */
    Statistics<?> toStatistics() {
        Statistics<?> stats = Statistics.createStats(type);
        stats.incrementNumNulls(nulls);
        if (!any) {
            return stats;
        }
        switch (type.getPrimitiveTypeName()) {
            case FLOAT -> ((FloatStatistics) stats).setMinMax(floatMin == 0 ? -0.0f : floatMin,
                    floatMax == 0 ? 0.0f : floatMax);
            case DOUBLE -> ((DoubleStatistics) stats).setMinMax(doubleMin == 0 ? -0.0 : doubleMin,
                    doubleMax == 0 ? 0.0 : doubleMax);
            case INT32 -> ((IntStatistics) stats).setMinMax((int) longMin, (int) longMax);
            default -> ((LongStatistics) stats).setMinMax(longMin, longMax);
        }
        return stats;
    }
}
