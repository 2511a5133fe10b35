package io.tensorpool.tensor;

import java.io.Serializable;

/**
 * How much memory decoding one PNG or JPEG may take ({@link ImageDecoder}), and where that
 * number comes from. The source is named in the message of an image refused for it, so that
 * whoever meets the limit knows what to change.
 *
 * @param bytes  the most bytes the decoder's raster and the decoded tensor may take together, at least 1
 * @param source what set the limit and how to raise it, e.g.
 *               {@code spark.tensorpool.maxDecodedImageBytes=512m}
 */
public record DecodeLimit(long bytes, String source) implements Serializable {
    public DecodeLimit {
        if (bytes < 1) {
            throw new IllegalArgumentException("a decode limit must be at least 1 byte, not " + bytes);
        }
    }
}
