package io.tensorpool.config;

import io.tensorpool.kernel.PoolPipeline;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * The whole effective job configuration: the YAML file with the command-line overrides applied,
 * every default filled in and every rule the config alone can show checked. Built by
 * {@link ConfigLoader}; immutable and serializable, so it can be broadcast as is.
 *
 * <p>A config has either {@code ops}, one pipeline whose output replaces the input's tensor
 * column, or {@code outputs}, several named pipelines from the same read ({@link #multiOutput}).
 *
 * @param input    {@code input}: what to read
 * @param pipeline {@code ops}: the pooling operators, applied in order to every record; with
 *                 {@code outputs}, the first entry's (code that writes rows must follow
 *                 {@link #outputs} instead)
 * @param output   {@code output}: what to write
 * @param errors   {@code errors}: what bad records do
 * @param outputs  {@code outputs}: the named pipelines, in order; empty for a config with {@code ops}
 */
public record JobConfig(InputConfig input, PoolPipeline pipeline, OutputConfig output, ErrorPolicy errors,
                        List<NamedOutput> outputs) implements Serializable {

    public JobConfig {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(errors, "errors");
        outputs = List.copyOf(Objects.requireNonNull(outputs, "outputs"));
        if (!outputs.isEmpty() && !outputs.get(0).pipeline().equals(pipeline)) {
            throw new IllegalArgumentException("pipeline must be the first output's with outputs");
        }
    }

    /** A config with {@code ops}: one pipeline, whose output replaces the input's tensor column. */
    public JobConfig(InputConfig input, PoolPipeline pipeline, OutputConfig output, ErrorPolicy errors) {
        this(input, pipeline, output, errors, List.of());
    }

    /** A config with {@code outputs}: several named pipelines from one read. */
    public static JobConfig withOutputs(InputConfig input, List<NamedOutput> outputs, OutputConfig output,
                                        ErrorPolicy errors) {
        if (outputs.isEmpty()) {
            throw new IllegalArgumentException("outputs: needs at least one entry");
        }
        return new JobConfig(input, outputs.get(0).pipeline(), output, errors, outputs);
    }

    /** True for a config with {@code outputs} rather than {@code ops}. */
    public boolean multiOutput() {
        return !outputs.isEmpty();
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
