package io.tensorpool.tensor;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.DeflaterOutputStream;

/**
 * A minimal PNG writer for tests (PNG spec: signature, IHDR, optional PLTE/tRNS, one IDAT of
 * zlib data with filter 0 on every row, IEND), so that some images are made without the JDK's
 * own writer and cover chunks it never writes, such as {@code tRNS} on RGB and gray images.
 */
final class TinyPng {
    private TinyPng() {
    }

    /**
     * @param rows packed scanlines without filter bytes, each {@code ceil(width * bitsPerPixel / 8)} bytes
     */
    static byte[] png(int width, int height, int bitDepth, int colourType, byte[][] rows, byte[] plte, byte[] trns) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            header(out, width, height, bitDepth, colourType);
            if (plte != null) {
                chunk(out, "PLTE", plte);
            }
            if (trns != null) {
                chunk(out, "tRNS", trns);
            }
            ByteArrayOutputStream idat = new ByteArrayOutputStream();
            try (DeflaterOutputStream z = new DeflaterOutputStream(idat)) {
                for (byte[] row : rows) {
                    z.write(0);
                    z.write(row);
                }
            }
            chunk(out, "IDAT", idat.toByteArray());
            chunk(out, "IEND", new byte[0]);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the signature and the IHDR chunk (no compression, filter or interlace options). */
    static void header(DataOutputStream out, int width, int height, int bitDepth, int colourType) throws IOException {
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        DataOutputStream h = new DataOutputStream(ihdr);
        h.writeInt(width);
        h.writeInt(height);
        h.write(new byte[] {(byte) bitDepth, (byte) colourType, 0, 0, 0});
        chunk(out, "IHDR", ihdr.toByteArray());
    }

    /** Writes one chunk: length, type, data and the CRC of type and data. */
    static void chunk(DataOutputStream out, String type, byte[] data) throws IOException {
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        out.writeInt(data.length);
        out.write(name);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        out.writeInt((int) crc.getValue());
    }
}
