package io.tensorpool.config;

import static io.tensorpool.config.Keys.COMPRESSION;
import static io.tensorpool.config.Keys.DTYPE;
import static io.tensorpool.config.Keys.LAYOUT;
import static io.tensorpool.config.Keys.MODE;
import static io.tensorpool.config.Keys.PATH;
import static io.tensorpool.config.Keys.WRITER;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Binds {@code output} to an {@link OutputConfig}, refusing element types the chosen layout cannot
 * hold (which would otherwise fail only after the whole input has been read and pooled).
 */
final class OutputBinder {

    private OutputBinder() {
    }

    static OutputConfig bind(JsonNode value, KeyPath path) {
        Section output = Section.of(value, path, Keys.OUTPUT, "a mapping with path, mode, compression, layout, dtype and writer");
        output.rejectUnknownKeys(Keys.OUTPUT_KEYS, Keys.elsewhere(Keys.OUTPUT));
        String outputPath = Values.text(output.require(PATH, "set it to the folder to write the pooled records to"),
                output.at(PATH), "a path or URI such as target/pooled or hdfs://host/data/pooled");
        WriteMode mode = output.has(MODE)
                ? Values.choice(output.get(MODE), output.at(MODE), WriteMode.class) : Defaults.WRITE_MODE;
        Compression compression = output.has(COMPRESSION)
                ? Values.choice(output.get(COMPRESSION), output.at(COMPRESSION), Compression.class) : Defaults.COMPRESSION;
        OutputLayout layout = output.has(LAYOUT)
                ? Values.choice(output.get(LAYOUT), output.at(LAYOUT), OutputLayout.class) : Defaults.OUTPUT_LAYOUT;
        OutputDType dtype = output.has(DTYPE)
                ? Values.choice(output.get(DTYPE), output.at(DTYPE), OutputDType.class) : Defaults.OUTPUT_DTYPE;
        OutputWriter writer = output.has(WRITER)
                ? Values.choice(output.get(WRITER), output.at(WRITER), OutputWriter.class) : Defaults.OUTPUT_WRITER;
        if (layout == OutputLayout.LIST && !dtype.listOutputAllowed()) {
            throw new ConfigProblem(output.at(DTYPE), "is " + dtype + ", which output.layout list cannot hold"
                    + " (Spark has no 16-bit float type); use layout binary" + (dtype.npyOutputAllowed() ? " or npy" : "")
                    + ", or dtype float32");
        }
        if (layout == OutputLayout.NPY && !dtype.npyOutputAllowed()) {
            throw new ConfigProblem(output.at(DTYPE), "is " + dtype + ", which output.layout npy cannot hold"
                    + " (the .npy format has no " + dtype + " type); use layout binary, or dtype float16 or float32");
        }
        return new OutputConfig(outputPath, mode, compression, layout, dtype, writer);
    }
}
