package io.tensorpool.tensor.spark;

import static io.tensorpool.tensor.spark.ScratchVectors.bits;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tensorpool.SparkLineTest;
import io.tensorpool.kernel.ElementType;
import io.tensorpool.kernel.Tensor;
import io.tensorpool.tensor.BadRecordException;
import io.tensorpool.tensor.RecordReasons;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.execution.vectorized.WritableColumnVector;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.vectorized.ColumnarArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A list cell's null elements are found in bulk exactly where the per-element check found them,
 * in every kind of array the job meets (a view over the vectorized reader's column vector on and
 * off heap, Spark's row format, a generic array), wherever the null sits (first, last, either
 * side of a 64-bit word of the null bitmap), and never in a cell whose neighbours in the same
 * column vector hold one; the values come out bit for bit.
 */
@SparkLineTest
class ListCellsTest {
    private static final String COL = "x";
    private static final int LENGTH = 130; // three words of null bits, the last one partly used
    private static final int[] SHAPE = {2, 5, 13};

    private final ScratchVectors vectors = new ScratchVectors();

    @AfterEach
    void closeVectors() {
        vectors.close();
    }

    private static float[] awkwardFloats(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = Float.intBitsToFloat(random.nextInt());
        }
        values[0] = -0f;
        values[1] = Float.intBitsToFloat(0x7fc01234);
        values[2] = Float.MIN_VALUE;
        return values;
    }

    /**
     * The middle cell of a column vector of three cells of {@link #LENGTH} floats each, as the
     * vectorized reader lays out a batch's list elements; {@code nullAt} is a null element of
     * the middle cell (or -1), {@code neighbourNulls} puts nulls in the other two cells.
     */
    private ColumnarArray columnarCell(float[] values, int nullAt, boolean neighbourNulls, boolean offHeap) {
        WritableColumnVector elements = vectors.allocate(3 * LENGTH, DataTypes.FloatType, offHeap);
        for (int i = 0; i < 3 * LENGTH; i++) {
            elements.putFloat(i, values[i % LENGTH]);
        }
        if (neighbourNulls) {
            elements.putNull(LENGTH - 1);
            elements.putNull(2 * LENGTH);
        }
        if (nullAt >= 0) {
            elements.putNull(LENGTH + nullAt);
        }
        return new ColumnarArray(elements, LENGTH, LENGTH);
    }

    private static ArrayData unsafeCell(float[] values, int nullAt) {
        UnsafeArrayData cell = UnsafeArrayData.fromPrimitiveArray(values);
        if (nullAt >= 0) {
            cell.setNullAt(nullAt);
        }
        return cell;
    }

    private static ArrayData genericCell(float[] values, int nullAt) {
        Object[] boxed = new Object[values.length];
        for (int i = 0; i < values.length; i++) {
            boxed[i] = i == nullAt ? null : values[i];
        }
        return new GenericArrayData(boxed);
    }

    private List<ArrayData> everyKind(float[] values, int nullAt) {
        return List.of(columnarCell(values, nullAt, false, false), columnarCell(values, nullAt, true, false),
                columnarCell(values, nullAt, false, true), columnarCell(values, nullAt, true, true),
                unsafeCell(values, nullAt), genericCell(values, nullAt));
    }

    @Test
    void aNullElementAnywhereIsANullElementBadRecordNamingIt() {
        float[] values = awkwardFloats(LENGTH, 1);
        for (int nullAt : new int[] {0, 1, 63, 64, 65, 127, 128, LENGTH - 1}) {
            for (ArrayData cell : everyKind(values, nullAt)) {
                String kind = cell.getClass().getSimpleName() + " with a null at " + nullAt;
                BadRecordException e = assertThrows(BadRecordException.class,
                        () -> ListCells.read(cell, ElementType.FLOAT32, true, SHAPE, COL), kind);
                assertEquals(RecordReasons.NULL_ELEMENT, e.reason(), kind);
                assertEquals("column x has a null at element " + nullAt + " of " + LENGTH
                        + "; a tensor cannot hold nulls (fix or drop the record upstream)", e.getMessage(), kind);
                BadRecordException again = assertThrows(BadRecordException.class,
                        () -> ListCells.readFloat32(cell, true, SHAPE, COL, float[]::new), kind);
                assertEquals(e.getMessage(), again.getMessage(), kind);
            }
        }
    }

    @Test
    void cellsWithoutNullsGiveTheirValuesBitForBitWhateverTheirNeighboursHold() {
        float[] values = awkwardFloats(LENGTH, 2);
        for (ArrayData cell : everyKind(values, -1)) {
            String kind = cell.getClass().getSimpleName();
            assertArrayEquals(bits(values), bits(ListCells.read(cell, ElementType.FLOAT32, true, SHAPE, COL).floats()),
                    kind);
            float[] reused = new float[LENGTH];
            Tensor t = ListCells.readFloat32(cell, true, SHAPE, COL, n -> reused);
            assertArrayEquals(bits(values), bits(t.floats()), kind);
            assertArrayEquals(SHAPE, t.shape(), kind);
            if (cell instanceof GenericArrayData) {
                assertNotSame(reused, t.floats(), kind);
            } else {
                assertSame(reused, t.floats(), kind + ": copied into the caller's array");
            }
        }
    }

    @Test
    void aColumnWhoseElementsCannotBeNullIsNotChecked() {
        float[] values = awkwardFloats(LENGTH, 3);
        // The column's type says no element is null: the flags are not consulted (as before).
        ColumnarArray cell = columnarCell(values, 5, false, false);
        assertEquals(LENGTH, ListCells.read(cell, ElementType.FLOAT32, false, SHAPE, COL).size());
        assertEquals(LENGTH, ListCells.readFloat32(cell, false, SHAPE, COL, float[]::new).size());
    }

    @Test
    void shapeMismatchComesBeforeTheNullCheck() {
        float[] values = awkwardFloats(LENGTH, 4);
        for (ArrayData cell : everyKind(values, 3)) {
            BadRecordException e = assertThrows(BadRecordException.class,
                    () -> ListCells.readFloat32(cell, true, new int[] {2, 5, 12}, COL, float[]::new));
            assertEquals(RecordReasons.SHAPE_MISMATCH, e.reason());
        }
    }
}
