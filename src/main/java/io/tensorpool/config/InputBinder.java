package io.tensorpool.config;

import static io.tensorpool.config.Keys.FORMAT;
import static io.tensorpool.config.Keys.PATH;
import static io.tensorpool.config.Keys.TENSOR;

import com.fasterxml.jackson.databind.JsonNode;

/** Binds {@code input} to an {@link InputConfig}. */
final class InputBinder {

    static final String PATHS = "a path or URI such as data/images.parquet or hdfs://host/data/*.parquet";

    private InputBinder() {
    }

    static InputConfig bind(JsonNode value, KeyPath path) {
        Section input = Section.of(value, path, Keys.INPUT, "a mapping with path, format and tensor");
        input.rejectUnknownKeys(Keys.INPUT_KEYS, Keys.elsewhere(Keys.INPUT));
        String inputPath = Values.text(input.require(PATH, "set it to the Parquet file, folder or glob to read"),
                input.at(PATH), PATHS);
        InputFormat format = input.has(FORMAT)
                ? Values.choice(input.get(FORMAT), input.at(FORMAT), InputFormat.class)
                : Defaults.INPUT_FORMAT;
        TensorSpec tensor = TensorSpecBinder.bind(input.get(TENSOR), input.at(TENSOR), format);
        return new InputConfig(inputPath, format, tensor);
    }
}
