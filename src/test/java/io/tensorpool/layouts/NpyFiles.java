package io.tensorpool.layouts;

import io.tensorpool.kernel.Tensor;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Whole {@code .npy} files built by hand from the format's description: the magic
 * {@code \x93NUMPY}, the version, the header length (uint16 LE for 1.0, uint32 LE for 2.0 and
 * 3.0), the header dict padded with spaces so that the data starts at a multiple of 64 and
 * ending in a newline, then the data in C or Fortran order.
 */
final class NpyFiles {
    private NpyFiles() {
    }

    /** The header dict as {@code np.save} writes it, e.g. {@code {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }}. */
    static String dict(String descr, boolean fortran, int[] shape) {
        return "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': "
                + tuple(shape) + ", }";
    }

    static String tuple(int[] shape) {
        String inner = Arrays.stream(shape).mapToObj(Integer::toString).collect(Collectors.joining(", "));
        return "(" + inner + (shape.length == 1 ? ",)" : ")");
    }

    /** A file of the given version with {@code dict} as its header and {@code data} after it. */
    static byte[] file(int major, String dict, byte[] data) {
        byte[] text = dict.getBytes(major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        int preamble = 6 + 2 + (major == 1 ? 2 : 4);
        int unpadded = preamble + text.length + 1;
        int padding = (64 - unpadded % 64) % 64;
        int headerLength = text.length + padding + 1;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x93);
        out.writeBytes("NUMPY".getBytes(StandardCharsets.US_ASCII));
        out.write(major);
        out.write(0);
        ByteBuffer length = ByteBuffer.allocate(major == 1 ? 2 : 4).order(ByteOrder.LITTLE_ENDIAN);
        if (major == 1) {
            length.putShort((short) headerLength);
        } else {
            length.putInt(headerLength);
        }
        out.writeBytes(length.array());
        out.writeBytes(text);
        for (int i = 0; i < padding; i++) {
            out.write(' ');
        }
        out.write('\n');
        if ((preamble + headerLength) % 64 != 0) {
            throw new AssertionError("the data must start at a multiple of 64");
        }
        out.writeBytes(data);
        return out.toByteArray();
    }

    /**
     * {@code t} saved as {@code np.save} would save it with the given version, byte order
     * ({@code '<'} or {@code '>'}; {@code '|'} for one-byte types) and memory order.
     */
    static byte[] save(Tensor t, int major, char byteOrder, boolean fortran) {
        String code = switch (t.type()) {
            case FLOAT32 -> "f4";
            case FLOAT64 -> "f8";
            case UINT8 -> "u1";
            case INT8 -> "i1";
            case INT16 -> "i2";
            case INT32 -> "i4";
            case INT64 -> "i8";
        };
        Tensor stored = fortran ? fortranOrder(t) : t;
        byte[] data = Bytes.of(stored, byteOrder == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        return file(major, dict(byteOrder + code, fortran, t.shape()), data);
    }

    /**
     * The elements of {@code t} in Fortran (column-major) order, as a flat tensor of the same
     * type: element {@code (i0, ..., ik)} goes to {@code i0 + s0 * (i1 + s1 * (...))}.
     */
    static Tensor fortranOrder(Tensor t) {
        int[] s = t.shape();
        Object out = java.lang.reflect.Array.newInstance(t.data().getClass().getComponentType(), t.size());
        int[] index = new int[s.length];
        for (int c = 0; c < t.size(); c++) {
            int f = 0;
            for (int d = s.length - 1; d >= 0; d--) {
                f = f * s[d] + index[d];
            }
            System.arraycopy(t.data(), c, out, f, 1);
            for (int d = s.length - 1; d >= 0; d--) { // next C-order index
                if (++index[d] < s[d]) {
                    break;
                }
                index[d] = 0;
            }
        }
        return Tensor.of(t.type(), out, t.shape());
    }
}
