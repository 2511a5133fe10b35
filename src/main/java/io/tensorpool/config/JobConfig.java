package io.tensorpool.config;

import io.tensorpool.kernel.PoolPipeline;
import java.io.Serializable;
import java.util.Objects;

/**
 * The whole effective job configuration: the YAML file with the command-line overrides applied,
 * every default filled in and every rule the config alone can show checked. Built by
 * {@link ConfigLoader}; immutable and serializable, so it can be broadcast as is.
 *
 * @param input    {@code input}: what to read
 * @param pipeline {@code ops}: the pooling operators, applied in order to every record
 * @param output   {@code output}: what to write
 * @param errors   {@code errors}: what bad records do
 */
public record JobConfig(InputConfig input, PoolPipeline pipeline, OutputConfig output, ErrorPolicy errors)
        implements Serializable {

    public JobConfig {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(errors, "errors");
    }

    /**
     * The effective config as compact JSON with sorted keys: the same text for every config with
     * the same effect, whatever its key order or spelling (see {@link ConfigRenderer}).
     */
    public String toCanonicalJson() {
        return ConfigRenderer.canonicalJson(this);
    }

    /** The lower-case hex SHA-256 of {@link #toCanonicalJson()} in UTF-8: equal configs, equal hashes. */
    public String configHash() {
        return ConfigRenderer.sha256Hex(toCanonicalJson());
    }
}
