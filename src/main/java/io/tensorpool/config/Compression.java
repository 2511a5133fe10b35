package io.tensorpool.config;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code output.compression}: the Parquet codec. Each {@link #configName()} is the name Spark's
 * Parquet {@code compression} option takes. {@code none} is accepted as an alias of
 * {@code uncompressed} (Spark treats them alike), so both spellings give one effective config.
 */
public enum Compression implements ConfigEnum {
    /** The default. */
    SNAPPY,
    /** No compression; also written {@code none}. */
    UNCOMPRESSED("none"),
    GZIP,
    LZ4,
    LZ4_RAW,
    ZSTD,
    /** Needs a Brotli codec on the cluster's classpath; Spark does not ship one. */
    BROTLI;

    private final List<String> aliases;

    Compression(String... aliases) {
        this.aliases = List.of(aliases);
    }

    @Override
    public List<String> acceptedNames() {
        List<String> names = new ArrayList<>();
        names.add(configName());
        names.addAll(aliases);
        return names;
    }

    @Override
    public String toString() {
        return configName();
    }
}
