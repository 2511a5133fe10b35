package io.tensorpool.job.read;

import java.nio.ByteBuffer;
import org.apache.parquet.column.values.bitpacking.BytePacker;
import org.apache.parquet.column.values.bitpacking.Packer;
import org.apache.parquet.io.ParquetDecodingException;

/**
 * Reads a page's repetition or definition levels, encoded with Parquet's RLE/bit-packing hybrid,
 * as runs of equal values rather than one value at a time.
 *
 * <p>Why runs: a tensor record of {@code n} elements has levels {@code 0, 1, 1, ..., 1} and
 * {@code d, d, ..., d}: a writer encodes them as one or two runs, and a reader that walks them
 * per element (as Spark's does, to build offsets) spends most of a record's read on them. Here a
 * record costs a few calls whatever its size. Bit-packed groups (eight values each) are unpacked
 * and handed on as runs of their equal neighbours.
 *
 * <p>The encoding (Parquet's {@code Encodings.md}): a sequence of runs, each a ULEB128 header
 * {@code h}; {@code h & 1 == 0}: {@code h >>> 1} repeats of one value stored in
 * {@code ceil(bitWidth / 8)} little-endian bytes; {@code h & 1 == 1}: {@code h >>> 1} groups of
 * eight values bit-packed little-endian at {@code bitWidth} bits. The caller bounds how many
 * levels it takes (the page's value count): a last bit-packed group may be padded.
 */
final class LevelRunReader {
    private final int bitWidth;
    private final BytePacker packer;
    private ByteBuffer in;
    /** The value of the current run (RLE), or of the unpacked values from {@code packedAt}. */
    private int value;
    /** Levels left in the current RLE run; 0 when reading unpacked values. */
    private int repeats;
    private int[] packed = new int[8];
    private int packedAt;
    private int packedEnd;

    /** @param maxLevel the column's largest level (the bit width follows from it) */
    LevelRunReader(int maxLevel) {
        this.bitWidth = 32 - Integer.numberOfLeadingZeros(maxLevel);
        this.packer = Packer.LITTLE_ENDIAN.newBytePacker(bitWidth);
    }

    /** Starts reading the levels in {@code levels} (from its position to its limit, little-endian). */
    void reset(ByteBuffer levels) {
        this.in = levels;
        this.repeats = 0;
        this.packedAt = 0;
        this.packedEnd = 0;
    }

    /** The next level. */
    int value() {
        fill();
        return repeats > 0 ? value : packed[packedAt];
    }

    /** How many levels from the next one on are equal to it, as far as the current run shows (at least 1). */
    int run() {
        fill();
        if (repeats > 0) {
            return repeats;
        }
        int v = packed[packedAt];
        int end = packedAt + 1;
        while (end < packedEnd && packed[end] == v) {
            end++;
        }
        return end - packedAt;
    }

    /** Passes over {@code count} levels, at most {@link #run()}. */
    void skip(int count) {
        if (repeats > 0) {
            repeats -= count;
        } else {
            packedAt += count;
        }
    }

    private void fill() {
        if (repeats > 0 || packedAt < packedEnd) {
            return;
        }
        if (bitWidth == 0) {
            value = 0;
            repeats = Integer.MAX_VALUE;
            return;
        }
        int header = readUnsignedVarInt();
        int count = header >>> 1;
        if ((header & 1) == 0) {
            if (count == 0) {
                throw new ParquetDecodingException("An RLE run of no levels");
            }
            value = readRunValue();
            repeats = count;
            return;
        }
        long bytes = (long) count * bitWidth;
        if (count == 0 || bytes > in.remaining()) {
            throw new ParquetDecodingException("A bit-packed run of " + count + " groups needs " + bytes
                    + " bytes but the levels hold " + in.remaining());
        }
        int values = count * 8; // at most 8 / bitWidth times the page's bytes: an int
        if (packed.length < values) {
            packed = new int[values];
        }
        int at = in.position();
        for (int i = 0; i < values; i += 8) { // values <= 8 * in.remaining()
            packer.unpack8Values(in, at, packed, i);
            at += bitWidth;
        }
        in.position(at);
        packedAt = 0;
        packedEnd = values;
    }

    private int readRunValue() {
        int width = (bitWidth + 7) / 8;
        if (in.remaining() < width) {
            throw new ParquetDecodingException("An RLE run's value is cut short");
        }
        int v = 0;
        for (int i = 0; i < width; i++) {
            v |= (in.get() & 0xFF) << (8 * i);
        }
        return v;
    }

    private int readUnsignedVarInt() {
        int result = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            if (!in.hasRemaining()) {
                throw new ParquetDecodingException("The levels end inside a run header");
            }
            int b = in.get() & 0xFF;
            result |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new ParquetDecodingException("A run header longer than five bytes");
    }
}
