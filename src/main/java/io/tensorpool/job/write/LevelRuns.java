package io.tensorpool.job.write;

import java.util.Arrays;

/**
 * Repetition or definition levels of one page, encoded as they are added as runs of Parquet's
 * RLE/bit-packing hybrid: each run is a ULEB128 header ({@code count << 1}, low bit 0 for an RLE
 * run) and the repeated value in {@code ceil(bitWidth / 8)} little-endian bytes. A record's levels
 * are a few runs (a list of {@code n} values: repetition {@code 0} once then {@code 1} n - 1
 * times, definition at its maximum n times), and equal neighbouring runs merge, so a page of
 * non-null lists has one definition run in all. Readers take RLE runs of any length; a run is cut
 * at {@link #MAX_RUN} values so that its header stays a positive 32-bit number for every reader.
 */
final class LevelRuns {
    static final int MAX_RUN = (1 << 30) - 1;

    private final int byteWidth;
    private byte[] bytes = new byte[64];
    private int length;
    private int runValue = -1;
    private long runCount;

    /** @param maxLevel the largest level the column has (at least 1) */
    LevelRuns(int maxLevel) {
        if (maxLevel < 1) {
            throw new IllegalArgumentException("levels need a maximum of at least 1, not " + maxLevel);
        }
        int bitWidth = 32 - Integer.numberOfLeadingZeros(maxLevel);
        this.byteWidth = (bitWidth + 7) / 8;
    }

    /** Adds {@code count} levels of {@code value}. */
    void add(int value, long count) {
        if (count <= 0) {
            return;
        }
        if (value != runValue) {
            emitRun();
            runValue = value;
        }
        runCount += count;
    }

    /** Ends the last run; the encoded runs are then {@link #bytes()} up to {@link #length()}. */
    void finish() {
        emitRun();
        runValue = -1;
    }

    byte[] bytes() {
        return bytes;
    }

    int length() {
        return length;
    }

    /** Starts a new page, keeping the buffer. */
    void reset() {
        length = 0;
        runValue = -1;
        runCount = 0;
    }

    private void emitRun() {
        while (runCount > 0) {
            int count = (int) Math.min(runCount, MAX_RUN);
            ensure(5 + byteWidth);
            long header = (long) count << 1;
            while (header >= 0x80) {
                bytes[length++] = (byte) (header | 0x80);
                header >>>= 7;
            }
            bytes[length++] = (byte) header;
            for (int i = 0; i < byteWidth; i++) {
                bytes[length++] = (byte) (runValue >>> (8 * i));
            }
            runCount -= count;
        }
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }
}
