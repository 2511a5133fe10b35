package io.tensorpool.config;

import java.util.List;

/**
 * {@code output.compression}: the Parquet codec. Each {@link #configName()} is the name Spark's
 * Parquet {@code compression} option takes. {@code none} is accepted as an alias of
 * {@code uncompressed} (Spark treats them alike), so both spellings give one effective config.
 */
public enum Compression implements ConfigEnum {
    /** The default. */
    SNAPPY("snappy"),
    /** No compression; also written {@code none}. */
    UNCOMPRESSED("uncompressed", "none"),
    GZIP("gzip"),
    LZ4("lz4"),
    LZ4_RAW("lz4_raw"),
    ZSTD("zstd"),
    /** Needs a Brotli codec on the cluster's classpath; Spark does not ship one. */
    BROTLI("brotli");

    private final List<String> acceptedNames;

    Compression(String... acceptedNames) {
        this.acceptedNames = List.of(acceptedNames);
    }

    @Override
    public String configName() {
        return acceptedNames.get(0);
    }

    @Override
    public List<String> acceptedNames() {
        return acceptedNames;
    }

    @Override
    public String toString() {
        return configName();
    }
}
