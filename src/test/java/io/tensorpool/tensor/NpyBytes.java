package io.tensorpool.tensor;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Builds {@code .npy} files in tests the way numpy's {@code np.save} /
 * {@code format.write_array} does (numpy/lib/_format_impl.py {@code _write_array_header} and
 * {@code _wrap_header}), written separately from the codec so the two can disagree.
 */
final class NpyBytes {
    private NpyBytes() {
    }

    /** numpy's header dict: sorted keys, repr values, trailing ", }", then the growth-axis spaces. */
    static String dict(String descr, boolean fortran, int[] shape) {
        StringBuilder tuple = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            tuple.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        tuple.append(shape.length == 1 ? ",)" : ")");
        String header = "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False")
                + ", 'shape': " + tuple + ", }";
        if (shape.length > 0) {
            int growthAxis = shape[fortran ? shape.length - 1 : 0];
            header += " ".repeat(21 - String.valueOf(growthAxis).length());
        }
        return header;
    }

    static byte[] build(int major, String descr, boolean fortran, int[] shape, byte[] data) {
        return withHeader(major, dict(descr, fortran, shape), data);
    }

    /** Magic, version, length and the given header text padded as numpy pads it. */
    static byte[] withHeader(int major, String header, byte[] data) {
        byte[] text = header.getBytes(major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        return withHeaderBytes(major, 0, text, true, data);
    }

    static byte[] withHeaderBytes(int major, int minor, byte[] text, boolean pad, byte[] data) {
        int lengthBytes = major == 1 ? 2 : 4;
        int hlen = text.length + (pad ? 1 : 0);
        int padlen = pad ? 64 - ((8 + lengthBytes + hlen) % 64) : 0;
        int total = hlen + padlen;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x93);
        out.writeBytes("NUMPY".getBytes(StandardCharsets.US_ASCII));
        out.write(major);
        out.write(minor);
        for (int b = 0; b < lengthBytes; b++) {
            out.write(total >>> (8 * b));
        }
        out.writeBytes(text);
        if (pad) {
            out.writeBytes(" ".repeat(padlen).getBytes(StandardCharsets.US_ASCII));
            out.write('\n');
        }
        out.writeBytes(data);
        return out.toByteArray();
    }
}
