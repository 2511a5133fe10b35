package io.tensorpool.job.read;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.apache.parquet.bytes.ByteBufferInputStream;
import org.apache.parquet.column.values.ValuesReader;
import org.apache.parquet.io.ParquetDecodingException;

/**
 * The float values of one data page, taken a run at a time.
 *
 * <p>{@link Plain} is the bulk path: PLAIN floats are the values' little-endian bytes, copied
 * into the record's array in one go. Every other encoding (dictionary, byte-stream-split) goes
 * through parquet-java's own value reader, one value at a time: correct for whatever a writer
 * chose, and rarer on tensors, whose dictionaries overflow after a few pages.
 */
sealed interface PageFloats {

    /** Copies the next {@code count} values into {@code into} from {@code at}. */
    void read(float[] into, int at, int count);

    /** Passes over the next {@code count} values. */
    void skip(int count);

    /** PLAIN values: little-endian IEEE 754 bytes, copied bit for bit. */
    final class Plain implements PageFloats {
        private final FloatBuffer values;

        Plain(ByteBuffer page) {
            this.values = page.slice().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        }

        @Override
        public void read(float[] into, int at, int count) {
            if (count > values.remaining()) {
                throw new ParquetDecodingException("The page's levels ask for " + count + " more values than its "
                        + values.remaining());
            }
            values.get(into, at, count);
        }

        @Override
        public void skip(int count) {
            if (count > values.remaining()) {
                throw new ParquetDecodingException("The page's levels ask for " + count + " more values than its "
                        + values.remaining());
            }
            values.position(values.position() + count);
        }
    }

    /** Any other encoding, through parquet-java's reader for it. */
    final class Decoded implements PageFloats {
        private final ValuesReader reader;

        Decoded(ValuesReader reader, int valueCount, ByteBuffer page) throws IOException {
            this.reader = reader;
            reader.initFromPage(valueCount, ByteBufferInputStream.wrap(page.slice()));
        }

        @Override
        public void read(float[] into, int at, int count) {
            for (int i = 0; i < count; i++) {
                into[at + i] = reader.readFloat();
            }
        }

        @Override
        public void skip(int count) {
            reader.skip(count);
        }
    }
}
