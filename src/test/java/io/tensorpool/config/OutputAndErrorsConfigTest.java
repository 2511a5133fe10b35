package io.tensorpool.config;

import static io.tensorpool.config.ConfigTesting.INPUT;
import static io.tensorpool.config.ConfigTesting.OPS;
import static io.tensorpool.config.ConfigTesting.OUTPUT;
import static io.tensorpool.config.ConfigTesting.error;
import static io.tensorpool.config.ConfigTesting.load;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The output and errors sections, and the rules between input, output and quarantine paths. */
class OutputAndErrorsConfigTest {

    private static final String PREFIX = "Cannot load config job.yaml: ";

    /** Output on line 6 and on. */
    private static OutputConfig output(String body) {
        return load(INPUT + OPS + "output:\n" + body.indent(2)).output();
    }

    private static String outputError(String body) {
        return error(INPUT + OPS + "output:\n" + body.indent(2));
    }

    /** Errors on line 8 and on. */
    private static ErrorPolicy errors(String body) {
        return load(INPUT + OPS + OUTPUT + "errors:\n" + body.indent(2)).errors();
    }

    private static String errorsError(String body) {
        return error(INPUT + OPS + OUTPUT + "errors:\n" + body.indent(2));
    }

    @Test
    void outputBindsEveryKey() {
        assertEquals(new OutputConfig("o", WriteMode.APPEND, Compression.LZ4_RAW, OutputLayout.NPY, OutputDType.FLOAT16),
                output("path: o\nmode: append\ncompression: lz4_raw\nlayout: npy\ndtype: float16\nwriter: tensorpool"));
        assertEquals(OutputWriter.SPARK, output("path: o\nwriter: spark").writer());
        assertEquals(OutputWriter.TENSORPOOL, output("path: o").writer());
        assertEquals(new OutputConfig("o", WriteMode.IGNORE, Compression.GZIP, OutputLayout.BINARY, OutputDType.BFLOAT16),
                output("path: o\nmode: ignore\ncompression: gzip\nlayout: binary\ndtype: bfloat16"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "uncompressed"})
    void noneIsAnAliasOfUncompressed(String written) {
        assertEquals(Compression.UNCOMPRESSED, output("path: o\ncompression: " + written).compression());
    }

    @Test
    void misspelledChoicesGetTheNearestSpelling() {
        assertEquals(PREFIX + "output.mode is \"overwirte\"; expected one of error, overwrite, append, ignore;"
                + " did you mean overwrite? (line 8)", outputError("path: o\nmode: overwirte"));
        assertEquals(PREFIX + "output.compression is \"snapy\"; expected one of snappy, uncompressed, gzip, lz4, lz4_raw,"
                + " zstd, brotli; did you mean snappy? (line 8)", outputError("path: o\ncompression: snapy"));
        assertEquals(PREFIX + "output.writer is \"sparc\"; expected one of tensorpool, spark; did you mean spark? (line 8)",
                outputError("path: o\nwriter: sparc"));
        assertEquals(PREFIX + "output.mode is true; expected one of error, overwrite, append, ignore (line 8)",
                outputError("path: o\nmode: true"));
    }

    @ParameterizedTest(name = "{0} as {1}")
    @CsvSource(delimiter = '|', value = {
        "list | float16  | (Spark has no 16-bit float type); use layout binary or npy, or dtype float32",
        "list | bfloat16 | (Spark has no 16-bit float type); use layout binary, or dtype float32",
        "npy  | bfloat16 | (the .npy format has no bfloat16 type); use layout binary, or dtype float16 or float32",
    })
    void outputDtypeMustFitTheLayout(String layout, String dtype, String why) {
        assertEquals(PREFIX + "output.dtype is " + dtype + ", which output.layout " + layout + " cannot hold " + why
                + " (line 9)", outputError("path: o\nlayout: " + layout + "\ndtype: " + dtype));
    }

    @Test
    void rowGroupSizeIsUnsetUnlessWritten() {
        assertEquals(null, output("path: o").get(ConfigKeys.OUTPUT_ROW_GROUP_SIZE));
        assertEquals(67108864, output("path: o\nrow_group_size: 67108864").get(ConfigKeys.OUTPUT_ROW_GROUP_SIZE));
        assertEquals(1048576, output("path: o\nrow_group_size: 1048576").get(ConfigKeys.OUTPUT_ROW_GROUP_SIZE));
        assertEquals(134217728, load(INPUT + OPS + OUTPUT, ConfigOverrides.none().withSet("output.row_group_size=134217728"))
                .output().get(ConfigKeys.OUTPUT_ROW_GROUP_SIZE));
    }

    @ParameterizedTest(name = "row_group_size: {0}")
    @CsvSource(delimiter = '|', value = {"1048575 | 1048575", "0 | 0", "3000000000 | 3000000000", "1.5e8 | 1.5E8",
        "'\"128MB\"' | \"128MB\" (a string)", "null | null"})
    void rowGroupSizeIsAnIntOfBytesFromOneMebibyte(String written, String shown) {
        assertEquals(PREFIX + "output.row_group_size is " + shown + "; expected an int of bytes from 1048576 (1 MiB)"
                + " to 2147483647, such as 134217728 (128 MiB) (line 8)",
                outputError("path: o\nrow_group_size: " + written));
    }

    @Test
    void outputPathIsRequired() {
        assertEquals(PREFIX + "output.path is missing; set it to the folder to write the pooled records to (line 6)",
                outputError("mode: overwrite"));
        assertEquals(PREFIX + "output is missing; add an output: section with the path to write",
                error(INPUT + OPS));
    }

    @Test
    void errorPolicyBindsEveryKey() {
        assertEquals(new ErrorPolicy(BadRecordPolicy.SKIP, null, 0.5), errors("on_bad_record: skip\nmax_bad_fraction: 0.5"));
        assertEquals(new ErrorPolicy(BadRecordPolicy.QUARANTINE, "q", 1.0),
                errors("on_bad_record: quarantine\nquarantine_path: q\nmax_bad_fraction: 1"));
        assertEquals(new ErrorPolicy(BadRecordPolicy.FAIL, null, 0.0), errors("on_bad_record: fail\nmax_bad_fraction: 0"));
    }

    @Test
    void quarantineNeedsAPathAndOnlyQuarantineTakesOne() {
        assertEquals(PREFIX + "errors.quarantine_path is missing; on_bad_record: quarantine needs the folder to write"
                + " rejected records to (line 8)", errorsError("on_bad_record: quarantine"));
        assertEquals(PREFIX + "errors.quarantine_path is set, but errors.on_bad_record is skip, so nothing would be"
                + " quarantined; set on_bad_record: quarantine or remove quarantine_path (line 10)",
                errorsError("on_bad_record: skip\nquarantine_path: q"));
        assertEquals(PREFIX + "errors.quarantine_path is set, but errors.on_bad_record is fail, so nothing would be"
                + " quarantined; set on_bad_record: quarantine or remove quarantine_path (line 9)",
                errorsError("quarantine_path: q"));
    }

    @ParameterizedTest(name = "max_bad_fraction: {0}")
    @CsvSource(delimiter = '|', value = {"1.5 | 1.5", "-0.1 | -0.1", "'\"5%\"' | \"5%\" (a string)", "true | true",
        "null | null"})
    void maxBadFractionIsBetweenZeroAndOne(String written, String shown) {
        assertEquals(PREFIX + "errors.max_bad_fraction is " + shown + "; expected a number from 0 to 1, such as 0.01"
                + " (line 10)", errorsError("on_bad_record: skip\nmax_bad_fraction: " + written));
    }

    @Test
    void maxBadFractionAboveZeroIsUselessWhenFailing() {
        assertEquals(PREFIX + "errors.max_bad_fraction is 0.1, but errors.on_bad_record is fail, which stops the run at"
                + " the first bad record; set on_bad_record: skip or quarantine, or remove max_bad_fraction (line 9)",
                errorsError("max_bad_fraction: 0.1"));
    }

    private static String pathsError(String input, String output, String quarantine) {
        String errors = quarantine == null ? "" : "errors: {on_bad_record: quarantine, quarantine_path: '" + quarantine + "'}\n";
        return error("input: {path: '" + input + "', tensor: {column: x, shape: [4, 4]}}\n" + OPS
                + "output: {path: '" + output + "'}\n" + errors);
    }

    @Test
    void outputMustNotOverlapTheInput() {
        assertEquals(PREFIX + "output.path is the same as input.path (data/in/); write to another folder (line 4)",
                pathsError("data/in/", "data/in", null));
        assertEquals(PREFIX + "output.path (data/in/pooled) is inside input.path (data/in); a rerun would read its own"
                + " output, so write it outside the input folder (line 4)", pathsError("data/in", "data/in/pooled", null));
        assertEquals(PREFIX + "output.path (data) contains input.path (data/in); writing the output would replace or mix"
                + " with the input, so write it elsewhere (line 4)", pathsError("data/in", "data", null));
    }

    @Test
    void siblingsAndGlobsAreFine() {
        pathsErrorFree("data/in", "data/in_pooled", "data/in_quarantine");
        pathsErrorFree("data/*.parquet", "data/pooled", null);
    }

    private static void pathsErrorFree(String input, String output, String quarantine) {
        String errors = quarantine == null ? "" : "errors: {on_bad_record: quarantine, quarantine_path: '" + quarantine + "'}\n";
        load("input: {path: '" + input + "', tensor: {column: x, shape: [4, 4]}}\n" + OPS
                + "output: {path: '" + output + "'}\n" + errors);
    }

    @Test
    void quarantineMustNotOverlapOutputOrInput() {
        assertEquals(PREFIX + "errors.quarantine_path (out/bad) is inside output.path (out); writing the output would"
                + " replace or mix with quarantined records, so write them beside the output (line 5)",
                pathsError("in", "out", "out/bad"));
        assertEquals(PREFIX + "errors.quarantine_path is the same as input.path (in); write to another folder (line 5)",
                pathsError("in", "out", "in"));
    }
}
