package io.tensorpool.tensor.spark;

import static io.tensorpool.tensor.spark.ScratchVectors.bits;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tensorpool.SparkLineTest;
import io.tensorpool.config.StorageDType;
import io.tensorpool.kernel.Tensor;
import io.tensorpool.tensor.BadRecordException;
import io.tensorpool.tensor.RawTensorCodec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.execution.vectorized.WritableColumnVector;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The zero-copy float32 read gives exactly what {@code getBinary} plus {@link RawTensorCodec}
 * give, bit for bit, from every kind of row the job meets, and rejects bad cells with the same
 * messages.
 */
@SparkLineTest
class BinaryCellsTest {
    private static final String COL = "x";
    private static final int[] SHAPE = {2, 3, 5};

    private final ScratchVectors vectors = new ScratchVectors();

    @AfterEach
    void closeVectors() {
        vectors.close();
    }

    /** Random floats plus the values whose bits are easiest to lose: signed zeros, NaN payloads, subnormals. */
    private static float[] awkwardFloats(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) (random.nextDouble() * 4 - 2);
        }
        values[0] = -0f;
        values[1] = Float.intBitsToFloat(0x7fc01234); // a NaN with a payload
        values[2] = Float.intBitsToFloat(0xff800001); // a signalling-pattern NaN
        values[3] = Float.MIN_VALUE;
        values[4] = Float.NEGATIVE_INFINITY;
        return values;
    }

    private static byte[] littleEndian(float[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            buffer.putInt(Float.floatToRawIntBits(v));
        }
        return buffer.array();
    }

    private static InternalRow unsafeRow(byte[] cell) {
        DataType[] types = {DataTypes.IntegerType, DataTypes.BinaryType};
        return UnsafeProjection.create(types).apply(new GenericInternalRow(new Object[] {7, cell})).copy();
    }

    /** Row {@code index} of a batch whose column 1 holds {@code cells}, as Parquet's reader fills it. */
    private InternalRow batchRow(List<byte[]> cells, int index, boolean offHeap) {
        WritableColumnVector ids = vectors.allocate(cells.size(), DataTypes.IntegerType, offHeap);
        WritableColumnVector bytes = vectors.allocate(cells.size(), DataTypes.BinaryType, offHeap);
        for (int i = 0; i < cells.size(); i++) {
            ids.putInt(i, i);
            bytes.putByteArray(i, cells.get(i));
        }
        ColumnarBatch batch = new ColumnarBatch(new ColumnVector[] {ids, bytes}, cells.size());
        return batch.getRow(index);
    }

    private static void assertSameTensor(float[] expected, Tensor actual) {
        assertArrayEquals(SHAPE, actual.shape());
        assertArrayEquals(bits(expected), bits(actual.floats()));
    }

    @Test
    void unsafeRowCellIsCopiedIntoTheGivenArrayBitForBit() {
        float[] values = awkwardFloats(30, 1);
        float[] reused = new float[30];
        Tensor t = BinaryCells.readFloat32(unsafeRow(littleEndian(values)), 1, SHAPE, COL, n -> reused);
        assertSame(reused, t.floats(), "decoded into the caller's array");
        assertSameTensor(values, t);
    }

    @Test
    void columnBatchRowsOnAndOffHeapGiveTheirOwnCells() {
        List<byte[]> cells = List.of(littleEndian(awkwardFloats(30, 2)), littleEndian(awkwardFloats(30, 3)),
                littleEndian(awkwardFloats(30, 4)));
        for (boolean offHeap : new boolean[] {false, true}) {
            for (int i = 0; i < cells.size(); i++) {
                float[] reused = new float[30];
                Tensor t = BinaryCells.readFloat32(batchRow(cells, i, offHeap), 1, SHAPE, COL, n -> reused);
                assertSame(reused, t.floats());
                assertSameTensor(awkwardFloats(30, 2 + i), t);
            }
        }
    }

    @Test
    void otherRowsTakeTheCopyingPathWithTheSameValues() {
        float[] values = awkwardFloats(30, 5);
        float[] unused = new float[30];
        InternalRow generic = new GenericInternalRow(new Object[] {7, littleEndian(values)});
        Tensor t = BinaryCells.readFloat32(generic, 1, SHAPE, COL, n -> unused);
        assertNotSame(unused, t.floats());
        assertSameTensor(values, t);
    }

    @Test
    void asksForExactlyTheElementCount() {
        int[] asked = new int[1];
        BinaryCells.readFloat32(unsafeRow(littleEndian(awkwardFloats(30, 6))), 1, SHAPE, COL, n -> {
            asked[0] = n;
            return new float[n];
        });
        assertEquals(30, asked[0]);
    }

    @Test
    void badCellsFailAsTheDecoderFailsThem() {
        byte[] cutOff = new byte[30 * 4 - 2];
        byte[] tooFew = new byte[29 * 4];
        for (byte[] cell : List.of(cutOff, tooFew)) {
            BadRecordException expected = assertThrows(BadRecordException.class,
                    () -> RawTensorCodec.decode(cell, StorageDType.FLOAT32, SHAPE, COL));
            for (InternalRow row : List.of(unsafeRow(cell), batchRow(List.of(cell), 0, false))) {
                BadRecordException actual = assertThrows(BadRecordException.class,
                        () -> BinaryCells.readFloat32(row, 1, SHAPE, COL, float[]::new));
                assertEquals(expected.reason(), actual.reason());
                assertEquals(expected.getMessage(), actual.getMessage());
            }
        }
        BadRecordException badShape = assertThrows(BadRecordException.class, () -> BinaryCells.readFloat32(
                unsafeRow(new byte[120]), 1, new int[] {30}, COL, float[]::new));
        assertEquals(assertThrows(BadRecordException.class, () -> RawTensorCodec.decode(new byte[120],
                StorageDType.FLOAT32, new int[] {30}, COL)).getMessage(), badShape.getMessage());
    }
}
