package io.tensorpool.job.read;

import java.util.Arrays;
import java.util.BitSet;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.vectorized.ColumnarArray;

/**
 * One record's tensor cell as {@link ListColumnFile} read it: null, or its float values with the
 * positions of any null elements. As a Spark column vector it is the data behind the
 * {@code ColumnarArray} the row hands on, so the job's record checks (null element, length
 * against shape) see it exactly as they see a cell of Spark's own reader.
 *
 * <p>The values array is exactly the record's length once read ({@link #finish}), and
 * {@link #getFloats} hands out that array itself when asked for all of it, instead of a copy: it
 * is valid until the next record is read, as every value of a column batch is.
 */
final class RecordValues extends OneKindVector {
    private float[] values = new float[0];
    private int length;
    private boolean nullCell;
    private final BitSet nulls = new BitSet();
    private int nullCount;
    /** Which batch's vector and row the values are, so a task's batches can share one buffer. */
    private Object owner;
    private int ownerRow;

    RecordValues() {
        super(DataTypes.FloatType, "float elements");
    }

    /** Starts a record whose cell is null ({@code nullCell}) or holds no element yet. */
    void start(boolean nullCell) {
        this.nullCell = nullCell;
        this.length = 0;
        if (nullCount > 0) {
            nulls.clear();
            nullCount = 0;
        }
    }

    /** Makes room for {@code count} more values and returns where they go. */
    int append(int count) {
        int at = length;
        long needed = (long) at + count;
        if (needed > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("A record of more than " + (Integer.MAX_VALUE - 8)
                    + " elements is more than one array can hold");
        }
        if (needed > values.length) {
            values = Arrays.copyOf(values, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(needed, 2L * values.length)));
        }
        length = (int) needed;
        return at;
    }

    /** Appends {@code count} null elements. */
    void appendNulls(int count) {
        int at = append(count);
        Arrays.fill(values, at, at + count, 0f);
        nulls.set(at, at + count);
        nullCount += count;
    }

    /** Ends the record: the values array becomes exactly its length (see {@link #getFloats}). */
    void finish() {
        if (values.length != length) {
            values = Arrays.copyOf(values, length);
        }
    }

    /** True when the values are row {@code row} of {@code vector}'s batch. */
    boolean holds(Object vector, int row) {
        return owner == vector && ownerRow == row;
    }

    /** Marks the values as row {@code row} of {@code vector}'s batch. */
    void heldFor(Object vector, int row) {
        owner = vector;
        ownerRow = row;
    }

    /** Marks the values as nobody's, before they are overwritten. */
    void forget() {
        owner = null;
    }

    /** Where {@link #append} puts values. */
    float[] values() {
        return values;
    }

    boolean isNullCell() {
        return nullCell;
    }

    int length() {
        return length;
    }

    /** The record's elements, as Spark's rows hand out an array cell. */
    ColumnarArray array() {
        return new ColumnarArray(this, 0, length);
    }

    @Override
    public float getFloat(int rowId) {
        return values[rowId];
    }

    @Override
    public float[] getFloats(int rowId, int count) {
        return rowId == 0 && count == values.length ? values : Arrays.copyOfRange(values, rowId, rowId + count);
    }

    @Override
    public boolean isNullAt(int rowId) {
        return nullCount > 0 && nulls.get(rowId);
    }

    @Override
    public boolean hasNull() {
        return nullCount > 0;
    }

    @Override
    public int numNulls() {
        return nullCount;
    }
}
