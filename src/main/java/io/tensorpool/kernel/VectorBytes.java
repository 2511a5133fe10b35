package io.tensorpool.kernel;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * uint8 2x2 stride-2 window maxima without indices, with the Vector API. Loaded only through
 * {@link VectorKernels}.
 *
 * <h2>How</h2>
 * For each output row, one vector of each of its two input rows (a full vector of columns, so
 * half as many windows), their lanewise maximum (the vertical max), then the maximum of each
 * pair of neighbouring lanes (the horizontal max) kept in one byte per pair ({@link #pairs}):
 * seen as shorts, a pair of byte lanes is one short whose low byte is the even lane (lane order
 * is little-endian); {@code max(s, s << 8)} as signed shorts has in its high byte the larger of
 * the two bytes (the high bytes decide a signed short comparison, and the two high bytes are the
 * odd and the even lane), and a shift and a narrowing ({@code S2B}, one {@code vpmovwb} on x86)
 * keep that byte. No load reaches past a row's own windows, so there is no tail to guard: a
 * row's last vector is shifted back to end at the row's last window, recomputing a few windows
 * with identical results.
 *
 * <h2>Why the result is bit for bit the contract's</h2>
 * Integers have no NaN and no signed zero: equal values are identical bytes, so the maximum of a
 * window is one value whatever order its cells are compared in, and the scan of
 * {@link MaxPoolKernels} (first largest cell) gives the same byte. uint8 order is turned into
 * signed order by flipping the sign bit ({@code b ^ 0x80}: 0 becomes -128, 255 becomes 127, and
 * unsigned {@code a < b} iff signed {@code a ^ 0x80 < b ^ 0x80}); the signed maxima of those keys
 * are flipped back on output. JDK 17 has no unsigned byte {@code max} lanewise, hence the keys.
 *
 * <p>Which geometries ({@link #handles}): 2 x 2 windows without dilation and padding, every
 * window full (no {@code ceil_mode} window hanging over the edge), column stride 2, any row
 * stride, and at least one vector of windows per row (32 with AVX-512). Anything else stays with
 * {@link SeparableMax}.
 */
final class VectorBytes {
    private static final VectorSpecies<Byte> BYTES =
            VectorSpecies.of(byte.class, VectorLanes.FLOATS.vectorShape());
    private static final VectorSpecies<Byte> HALF_BYTES =
            VectorSpecies.of(byte.class, VectorShape.forBitSize(VectorLanes.FLOATS.vectorBitSize() / 2));

    /** Windows per vector: one per pair of byte lanes (tests size their rows around it). */
    static final int PER = BYTES.length() / 2;

    /** XOR mask that maps unsigned byte order onto signed byte order, and back. */
    private static final byte FLIP = (byte) 0x80;

    private VectorBytes() {
    }

    /** Whether {@link #unsignedMax} takes this geometry (see the class comment). */
    static boolean handles(WindowGeometry g) {
        return fullPairs(g.rows, false) && fullPairs(g.cols, true) && g.cols.outputLength() >= PER;
    }

    /**
     * Whether every window of this axis covers exactly 2 neighbouring input cells (no dilation,
     * none clipped by padding), and, for columns, window {@code o} starts at cell {@code 2 o}.
     */
    private static boolean fullPairs(AxisWindows axis, boolean strideTwoFromZero) {
        if (axis.step != 1 || axis.outputLength() == 0) {
            return false;
        }
        for (int o = 0; o < axis.outputLength(); o++) {
            if (axis.count[o] != 2 || (strideTwoFromZero && axis.first[o] != 2 * o)) {
                return false;
            }
        }
        return true;
    }

    /** Every window's unsigned maximum, into {@code target} (every cell written) or a new array. */
    static byte[] unsignedMax(byte[] in, int planes, WindowGeometry g, byte[] target) {
        int inW = g.inputWidth();
        int outH = g.rows.outputLength();
        int outW = g.cols.outputLength();
        byte[] out = target != null ? target : new byte[planes * outH * outW];
        for (int p = 0; p < planes; p++) {
            int base = p * g.inputPlane();
            for (int oh = 0; oh < outH; oh++) {
                int r0 = base + g.rows.first[oh] * inW;
                max2x2s2(in, r0, r0 + inW, out, (p * outH + oh) * outW, outW);
            }
        }
        return out;
    }

    /**
     * One output row: {@code n} windows over input rows {@code in[r0 ..]} and {@code in[r1 ..]},
     * window {@code k} on columns {@code 2k, 2k + 1}, into {@code out[o ..]}; {@code n >= PER}.
     *
     * <p>Straight-line with one loop: C2 (JDK 17) keeps vectors in registers there, and boxes
     * them where branches merge or loops nest (see {@link VectorMax#keyRow}).
     */
    private static void max2x2s2(byte[] in, int r0, int r1, byte[] out, int o, int n) {
        for (int k = 0; k < n; k += PER) {
            int s = Math.min(k, n - PER);
            int c = 2 * s;
            ByteVector vertical = key(in, r0 + c).max(key(in, r1 + c));
            pairs(vertical).intoArray(out, o + s);
        }
    }

    /** The order keys ({@code b ^ 0x80}) of one vector of bytes from {@code in[at]}. */
    private static ByteVector key(byte[] in, int at) {
        return ByteVector.fromArray(BYTES, in, at).lanewise(VectorOperators.XOR, FLIP);
    }

    /**
     * The larger key of lanes {@code 2j} and {@code 2j + 1} at lane {@code j}, flipped back to
     * uint8, as a {@link #HALF_BYTES} vector (see the class comment).
     */
    private static ByteVector pairs(ByteVector keys) {
        ShortVector s = keys.reinterpretAsShorts();
        ShortVector highByteIsMax = s.max(s.lanewise(VectorOperators.LSHL, 8));
        // Flip back while still in shorts (bit 7 is the low byte's sign bit, which S2B keeps): an
        // XOR on the half-width byte vector would make C2 see two ByteVector classes at the one
        // lanewise call site of key() too, and box both (measured: 14 MB allocated per batch).
        ShortVector max = highByteIsMax.lanewise(VectorOperators.ASHR, 8).lanewise(VectorOperators.XOR, (short) 0x80);
        return (ByteVector) max.convertShape(VectorOperators.S2B, HALF_BYTES, 0);
    }
}
