package io.tensorpool.tensor;

import io.tensorpool.config.StorageDType;
import io.tensorpool.kernel.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The {@code npy} layout: a cell holding a whole {@code .npy} file, as Petastorm's
 * {@code NdarrayCodec} ({@code np.save} into a {@code BytesIO}) writes it.
 *
 * <h2>Format read</h2>
 * <pre>
 *   bytes 0-5   magic \x93NUMPY
 *   byte 6, 7   major, minor version: 1.0, 2.0 or 3.0
 *   then        header length: uint16 LE (v1) or uint32 LE (v2, v3)
 *   then        header: a Python dict literal, latin-1 (v1, v2) or UTF-8 (v3), e.g.
 *               {'descr': '&lt;f4', 'fortran_order': False, 'shape': (3, 224, 224), }
 *               padded with spaces and ending in '\n'
 *   then        the elements, exactly product(shape) * itemsize bytes
 * </pre>
 * The header is read by a small strict parser, not evaluated: exactly the keys
 * {@code 'descr'}, {@code 'fortran_order'}, {@code 'shape'} in any order, single- or
 * double-quoted strings without escapes, {@code True}/{@code False}, and tuples of
 * non-negative integers ({@code ()}, {@code (3,)}, {@code (3, 4)}, trailing commas allowed;
 * a Python 2 {@code L} suffix in v1/v2 headers as numpy accepts it). This is what numpy's own
 * reader accepts after {@code ast.literal_eval}, minus expressions no writer produces.
 *
 * <p>{@code descr}: an optional byte order {@code <} (little), {@code >} (big, byte-swapped
 * on read), {@code |} (not applicable) or {@code =} (native; numpy never writes it, and it is
 * read as little-endian because every platform this job runs on, x86-64 and aarch64, is
 * little-endian), then one of {@code u1 i1 i2 i4 i8 f2 f4 f8}; f2 widens to float32. Object
 * arrays ({@code |O}) hold pickles and are refused without being unpickled; bool, complex,
 * unsigned 16/32/64-bit, string, datetime and structured dtypes are refused. With
 * {@code fortran_order: True} the data is column-major and is reordered to C order. The shape
 * must have rank 2 to 4 and no zero dimension, as pooling needs. Bytes after the data are
 * refused too: a cell is one file, and extra bytes mean it is not the file it claims to be.
 *
 * <h2>Format written</h2>
 * Version 1.0, little-endian, C order, the header byte-for-byte as numpy's {@code np.save}
 * writes it: keys sorted, {@code repr} of each value, a trailing {@code ", }"}, the spare
 * spaces numpy leaves for growing the first axis, then spaces to a multiple of 64 bytes and a
 * final {@code '\n'}.
 */
public final class NpyCodec {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** numpy's ARRAY_ALIGN: header end (and so the data) aligned for memory mapping. */
    private static final int ALIGN = 64;
    /** numpy's GROWTH_AXIS_MAX_DIGITS: spare room so the first dimension can grow in place. */
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;

    private NpyCodec() {
    }

    /** What the header says: element storage, byte order, order of axes, shape, and where the data starts. */
    record Header(int major, StorageDType storage, ByteOrder order, boolean fortranOrder, int[] shape, int dataOffset) {
    }

    /**
     * Decodes a whole {@code .npy} file into a new C-order tensor.
     *
     * @throws BadRecordException {@code null_tensor}, {@code bad_npy_magic},
     *     {@code npy_unsupported_version}, {@code truncated_bytes}, {@code bad_npy_header},
     *     {@code npy_object_dtype}, {@code npy_unsupported_dtype}, {@code invalid_shape},
     *     {@code shape_too_large} or {@code shape_mismatch} (bytes left after the data)
     */
    public static Tensor decode(byte[] cell, String column) {
        String context = TensorErrors.cannotDecode(column, "npy");
        Header header = readHeader(cell, context);
        long count = Tensor.elementCount(header.shape);
        long needed = count * header.storage.byteSize();
        long available = (long) cell.length - header.dataOffset;
        String described = context + " (" + header.storage + ", shape " + Shapes.str(header.shape) + ")";
        if (available < needed) {
            throw new BadRecordException(RecordReasons.TRUNCATED_BYTES, described + ": the data is cut short: "
                    + available + " bytes after the header but the shape needs " + needed);
        }
        if (available > needed) {
            throw new BadRecordException(RecordReasons.SHAPE_MISMATCH, described + ": " + available
                    + " bytes follow the header but the shape needs " + needed + "; the cell holds more than one array");
        }
        Object data = ElementBuffers.decode(cell, header.dataOffset, (int) count, header.storage, header.order);
        if (header.fortranOrder && axesLongerThanOne(header.shape) > 1) {
            data = Transposes.fortranToC(data, header.shape);
        }
        return Tensor.of(header.storage.decodedType(), data, header.shape);
    }

    /**
     * True when {@link #encode} can write {@code as}: when numpy has a dtype for it
     * ({@link StorageDType#hasNpyDtype()}), so not bfloat16.
     */
    public static boolean canEncode(StorageDType as) {
        return as.hasNpyDtype();
    }

    /**
     * Writes a tensor as a version 1.0 {@code .npy} file that {@code numpy.load} reads back, with
     * exactly the bytes {@code np.save} writes for the same array. {@code as} must store the
     * tensor's element type (float16 for a float32 tensor rounds to nearest even).
     *
     * @throws IllegalArgumentException for bfloat16, or when {@code as} does not fit the tensor's type
     */
    public static byte[] encode(Tensor t, StorageDType as) {
        if (!canEncode(as)) {
            throw new IllegalArgumentException("Cannot encode as npy with dtype " + as
                    + ": numpy has no bfloat16 dtype; use binary output for bfloat16, or float16/float32 for npy");
        }
        ElementBuffers.checkEncodable(t, as);
        int[] shape = t.shape();
        StringBuilder dict = new StringBuilder(96);
        dict.append("{'descr': '").append(descr(as)).append("', 'fortran_order': False, 'shape': (");
        for (int i = 0; i < shape.length; i++) {
            dict.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        dict.append(shape.length == 1 ? ",), }" : "), }");
        dict.append(" ".repeat(GROWTH_AXIS_MAX_DIGITS - Integer.toString(shape[0]).length()));
        byte[] text = dict.toString().getBytes(StandardCharsets.ISO_8859_1);
        int withNewline = text.length + 1;
        int pad = ALIGN - ((MAGIC.length + 2 + 2 + withNewline) % ALIGN);
        int headerLength = withNewline + pad;
        int dataOffset = MAGIC.length + 2 + 2 + headerLength;
        byte[] out = new byte[Math.addExact(dataOffset, Math.multiplyExact(t.size(), as.byteSize()))];
        System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
        out[6] = 1;
        out[7] = 0;
        out[8] = (byte) headerLength;
        out[9] = (byte) (headerLength >>> 8);
        System.arraycopy(text, 0, out, 10, text.length);
        for (int i = 10 + text.length; i < dataOffset - 1; i++) {
            out[i] = ' ';
        }
        out[dataOffset - 1] = '\n';
        ElementBuffers.encode(t, as, out, dataOffset);
        return out;
    }

    private static String descr(StorageDType as) {
        return switch (as) {
            case UINT8 -> "|u1";
            case INT8 -> "|i1";
            case INT16 -> "<i2";
            case INT32 -> "<i4";
            case INT64 -> "<i8";
            case FLOAT16 -> "<f2";
            case FLOAT32 -> "<f4";
            case FLOAT64 -> "<f8";
            case BFLOAT16 -> throw new IllegalArgumentException("numpy has no bfloat16 dtype");
        };
    }

    private static int axesLongerThanOne(int[] shape) {
        int n = 0;
        for (int d : shape) {
            if (d > 1) {
                n++;
            }
        }
        return n;
    }

    /** Reads and checks everything before the data. */
    static Header readHeader(byte[] cell, String context) {
        if (cell == null) {
            throw new BadRecordException(RecordReasons.NULL_TENSOR, context + ": the cell is null");
        }
        int magicSeen = Math.min(cell.length, MAGIC.length);
        for (int i = 0; i < magicSeen; i++) {
            if (cell[i] != MAGIC[i]) {
                throw new BadRecordException(RecordReasons.BAD_NPY_MAGIC, context
                        + ": the cell does not start with the .npy magic \\x93NUMPY (first bytes " + hex(cell, 8)
                        + "); is the column raw binary or an image rather than np.save output?");
            }
        }
        if (cell.length < 8) {
            throw new BadRecordException(RecordReasons.TRUNCATED_BYTES, context + ": the cell holds only "
                    + cell.length + " bytes, too few for a .npy preamble");
        }
        int major = cell[6] & 0xFF;
        int minor = cell[7] & 0xFF;
        if (major < 1 || major > 3 || minor != 0) {
            throw new BadRecordException(RecordReasons.NPY_UNSUPPORTED_VERSION, context + ": .npy format version "
                    + major + "." + minor + " is not supported; expected 1.0, 2.0 or 3.0");
        }
        int lengthBytes = major == 1 ? 2 : 4;
        int start = 8 + lengthBytes;
        if (cell.length < start) {
            throw new BadRecordException(RecordReasons.TRUNCATED_BYTES, context + ": the cell holds only "
                    + cell.length + " bytes, too few for a version " + major + ".0 .npy preamble");
        }
        long headerLength = major == 1
                ? (cell[8] & 0xFF) | (cell[9] & 0xFF) << 8
                : ByteBuffer.wrap(cell, 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFF_FFFFL;
        if (start + headerLength > cell.length) {
            throw new BadRecordException(RecordReasons.TRUNCATED_BYTES, context + ": the header is cut short: it is "
                    + headerLength + " bytes long but only " + (cell.length - start) + " bytes follow the preamble");
        }
        String text = headerText(cell, start, (int) headerLength, major, context);
        HeaderParser parsed = new HeaderParser(text, major < 3, context);
        parsed.parse();
        int[] shape = parsed.intShape();
        Shapes.checkRecordShape(shape, context + " (" + parsed.storage + ", shape " + parsed.shapeText() + ")");
        return new Header(major, parsed.storage, parsed.order, parsed.fortranOrder, shape, (int) (start + headerLength));
    }

    private static String headerText(byte[] cell, int start, int length, int major, String context) {
        if (major < 3) {
            return new String(cell, start, length, StandardCharsets.ISO_8859_1);
        }
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(cell, start, length));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new BadRecordException(RecordReasons.BAD_NPY_HEADER, context
                    + ": the version 3.0 header is not valid UTF-8", e);
        }
    }

    private static String hex(byte[] bytes, int max) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(bytes.length, max); i++) {
            sb.append(i == 0 ? "" : " ").append(String.format("%02x", bytes[i] & 0xFF));
        }
        return sb.length() == 0 ? "none" : sb.toString();
    }

    /**
     * A recursive-descent reader for the one dict shape numpy writes. It never evaluates
     * anything: a value is a quoted string, {@code True}/{@code False} or a tuple of integers,
     * chosen by the key it belongs to.
     */
    private static final class HeaderParser {
        private final String s;
        private final boolean allowLongSuffix;
        private final String context;
        private int pos;

        private String descr;
        private Boolean fortranSeen;
        private long[] shape;
        StorageDType storage;
        ByteOrder order;
        boolean fortranOrder;

        HeaderParser(String s, boolean allowLongSuffix, String context) {
            this.s = s;
            this.allowLongSuffix = allowLongSuffix;
            this.context = context;
        }

        void parse() {
            skipSpace();
            expect('{');
            while (true) {
                skipSpace();
                if (peek() == '}') {
                    pos++;
                    break;
                }
                String key = string("a quoted key");
                skipSpace();
                expect(':');
                skipSpace();
                switch (key) {
                    case "descr" -> {
                        if (descr != null) {
                            throw fail("the key 'descr' appears twice");
                        }
                        if (peek() == '[') {
                            throw new BadRecordException(RecordReasons.NPY_UNSUPPORTED_DTYPE, context
                                    + ": structured dtypes (a list descr) are not supported; save a plain numeric array");
                        }
                        descr = string("the 'descr' string");
                    }
                    case "fortran_order" -> {
                        if (fortranSeen != null) {
                            throw fail("the key 'fortran_order' appears twice");
                        }
                        fortranSeen = bool();
                    }
                    case "shape" -> {
                        if (shape != null) {
                            throw fail("the key 'shape' appears twice");
                        }
                        shape = tuple();
                    }
                    default -> throw fail("unexpected key '" + key + "'; a .npy header has exactly 'descr', 'fortran_order' and 'shape'");
                }
                skipSpace();
                if (peek() == ',') {
                    pos++;
                } else if (peek() != '}') {
                    throw fail("expected ',' or '}'");
                }
            }
            skipSpace();
            if (pos != s.length()) {
                throw fail("unexpected text after the dict");
            }
            if (descr == null || fortranSeen == null || shape == null) {
                throw fail("missing key " + (descr == null ? "'descr'" : fortranSeen == null ? "'fortran_order'" : "'shape'"));
            }
            fortranOrder = fortranSeen;
            readDescr();
        }

        /** Byte order and element type from a descr such as {@code <f4}. */
        private void readDescr() {
            String d = descr;
            char first = d.isEmpty() ? 0 : d.charAt(0);
            String typeCode = d;
            order = ByteOrder.LITTLE_ENDIAN;
            if (first == '<' || first == '|' || first == '=') {
                // '=' is native order; this job only runs on little-endian platforms.
                typeCode = d.substring(1);
            } else if (first == '>') {
                order = ByteOrder.BIG_ENDIAN;
                typeCode = d.substring(1);
            }
            if (typeCode.startsWith("O")) {
                throw new BadRecordException(RecordReasons.NPY_OBJECT_DTYPE, context + ": descr '" + d
                        + "' is an object array, which .npy stores as a pickle; it is refused, never unpickled."
                        + " Save a numeric array (np.asarray(x, dtype=np.float32)) instead");
            }
            storage = switch (typeCode) {
                case "u1" -> StorageDType.UINT8;
                case "i1" -> StorageDType.INT8;
                case "i2" -> StorageDType.INT16;
                case "i4" -> StorageDType.INT32;
                case "i8" -> StorageDType.INT64;
                case "f2" -> StorageDType.FLOAT16;
                case "f4" -> StorageDType.FLOAT32;
                case "f8" -> StorageDType.FLOAT64;
                case "b1" -> throw new BadRecordException(RecordReasons.NPY_UNSUPPORTED_DTYPE, context + ": descr '" + d
                        + "' is a bool array, which is not supported; save it as uint8 (x.astype(np.uint8))");
                default -> throw new BadRecordException(RecordReasons.NPY_UNSUPPORTED_DTYPE, context + ": descr '" + d
                        + "' is not supported; expected one of u1 i1 i2 i4 i8 f2 f4 f8 with byte order <, >, | or =");
            };
        }

        /** The shape as ints; {@link #integer} already refused anything above {@code Integer.MAX_VALUE}. */
        int[] intShape() {
            int[] out = new int[shape.length];
            for (int i = 0; i < shape.length; i++) {
                out[i] = (int) shape[i];
            }
            return out;
        }

        String shapeText() {
            StringBuilder sb = new StringBuilder("(");
            for (int i = 0; i < shape.length; i++) {
                sb.append(i == 0 ? "" : ", ").append(shape[i]);
            }
            return sb.append(shape.length == 1 ? ",)" : ")").toString();
        }

        private String string(String what) {
            char quote = peek();
            if (quote != '\'' && quote != '"') {
                throw fail("expected " + what);
            }
            int end = s.indexOf(quote, pos + 1);
            if (end < 0) {
                throw fail("unterminated string");
            }
            String value = s.substring(pos + 1, end);
            if (value.indexOf('\\') >= 0 || value.indexOf('\n') >= 0) {
                throw fail("escapes and newlines in strings are not supported");
            }
            pos = end + 1;
            return value;
        }

        private boolean bool() {
            if (s.startsWith("True", pos)) {
                pos += 4;
                return true;
            }
            if (s.startsWith("False", pos)) {
                pos += 5;
                return false;
            }
            throw fail("'fortran_order' must be True or False");
        }

        /** {@code ()}, {@code (3,)}, {@code (3, 4)}, {@code (3, 4,)}: a one-element tuple needs its comma, as in Python. */
        private long[] tuple() {
            expect('(');
            long[] dims = new long[4];
            int n = 0;
            boolean comma = false;
            while (true) {
                skipSpace();
                if (peek() == ')') {
                    pos++;
                    break;
                }
                if (n == dims.length) {
                    dims = java.util.Arrays.copyOf(dims, n * 2);
                }
                dims[n++] = integer();
                skipSpace();
                comma = peek() == ',';
                if (comma) {
                    pos++;
                } else if (peek() != ')') {
                    throw fail("expected ',' or ')' in 'shape'");
                }
            }
            if (n == 1 && !comma) {
                throw fail("'shape' must be a tuple; (n) is an int in Python, write (n,)");
            }
            return java.util.Arrays.copyOf(dims, n);
        }

        private long integer() {
            int start = pos;
            if (peek() == '-') {
                throw new BadRecordException(RecordReasons.INVALID_SHAPE, context + ": 'shape' has a negative dimension: "
                        + shown());
            }
            long value = 0;
            while (pos < s.length() && Character.isDigit(s.charAt(pos)) && s.charAt(pos) < 128) {
                value = value * 10 + (s.charAt(pos++) - '0');
                if (value > Integer.MAX_VALUE) {
                    throw new BadRecordException(RecordReasons.SHAPE_TOO_LARGE, context
                            + ": 'shape' has a dimension larger than an array can hold: " + shown());
                }
            }
            if (pos == start) {
                throw fail("expected an integer in 'shape'");
            }
            if (allowLongSuffix && (peek() == 'L' || peek() == 'l')) {
                pos++; // Python 2 long literal, as numpy's reader still accepts for v1/v2
            }
            return value;
        }

        private void expect(char c) {
            if (peek() != c) {
                throw fail("expected '" + c + "'");
            }
            pos++;
        }

        private char peek() {
            return pos < s.length() ? s.charAt(pos) : 0;
        }

        private void skipSpace() {
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                    break;
                }
                pos++;
            }
        }

        private BadRecordException fail(String problem) {
            return new BadRecordException(RecordReasons.BAD_NPY_HEADER, context + ": the header is not a numpy header dict ("
                    + problem + " at character " + pos + "): " + shown());
        }

        /** The header for messages, without its padding and cut to a readable length. */
        private String shown() {
            String shown = s.strip();
            return shown.length() > 200 ? shown.substring(0, 200) + "..." : shown;
        }
    }
}
