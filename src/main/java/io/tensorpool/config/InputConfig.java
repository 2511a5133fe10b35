package io.tensorpool.config;

import static io.tensorpool.config.ConfigKeys.INPUT;
import static io.tensorpool.config.ConfigKeys.INPUT_FORMAT;
import static io.tensorpool.config.ConfigKeys.INPUT_PATH;
import static io.tensorpool.config.ConfigKeys.INPUT_READER;

import java.util.Map;
import java.util.Objects;

/**
 * {@code input}: what the job reads, with {@link #tensor()}, the {@code input.tensor} section.
 * Every key of the section is read with {@link #get}; the accessors below are shorthands.
 */
public final class InputConfig extends Settings {
    private static final long serialVersionUID = 1L;

    private final TensorSpec tensor;

    InputConfig(Map<ConfigKey<?>, Object> values, TensorSpec tensor) {
        super(INPUT, values);
        this.tensor = Objects.requireNonNull(tensor, "tensor");
    }

    /** These keys as given, every other key of {@code input} at its default. */
    public InputConfig(String path, InputFormat format, TensorSpec tensor) {
        this(defaults(INPUT).with(INPUT_PATH, Objects.requireNonNull(path, "path"))
                .with(INPUT_FORMAT, Objects.requireNonNull(format, "format")).map(), tensor);
    }

    /** {@link ConfigKeys#INPUT_PATH}. */
    public String path() {
        return get(INPUT_PATH);
    }

    /** {@link ConfigKeys#INPUT_FORMAT}. */
    public InputFormat format() {
        return get(INPUT_FORMAT);
    }

    /** {@link ConfigKeys#INPUT_READER}; {@code tensorpool} when not set. */
    public InputReader reader() {
        InputReader reader = get(INPUT_READER);
        return reader == null ? InputReader.TENSORPOOL : reader;
    }

    /** {@code input.tensor}: where each record's tensor is and how it is stored. */
    public TensorSpec tensor() {
        return tensor;
    }

    @Override
    public boolean equals(Object other) {
        return super.equals(other) && ((InputConfig) other).tensor.equals(tensor);
    }

    @Override
    public int hashCode() {
        return 31 * super.hashCode() + tensor.hashCode();
    }

    @Override
    public String toString() {
        String settings = super.toString();
        return settings.substring(0, settings.length() - 1) + ", tensor=" + tensor + "]";
    }
}
