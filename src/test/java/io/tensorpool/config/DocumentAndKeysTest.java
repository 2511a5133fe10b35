package io.tensorpool.config;

import static io.tensorpool.config.ConfigTesting.INPUT;
import static io.tensorpool.config.ConfigTesting.OPS;
import static io.tensorpool.config.ConfigTesting.OUTPUT;
import static io.tensorpool.config.ConfigTesting.error;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Whole-document problems (empty, not a mapping, syntax, duplicates, aliases) and unknown keys. */
class DocumentAndKeysTest {

    private static final String PREFIX = "Cannot load config job.yaml: ";

    @Test
    void emptyFileSaysSo() {
        String expected = PREFIX + "the file is empty; it must be a mapping with the keys input, ops and output";
        assertEquals(expected, error(""));
        assertEquals(expected, error("# nothing yet\n\n"));
        assertEquals(expected, error("---\n"));
    }

    @Test
    void topLevelMustBeAMapping() {
        assertEquals(PREFIX + "the top level is [\"input\", \"ops\"], not a mapping; it must be a mapping with the keys"
                + " input, ops and output", error("- input\n- ops\n"));
        assertEquals(PREFIX + "the top level is \"input\", not a mapping; it must be a mapping with the keys"
                + " input, ops and output", error("input\n"));
    }

    @Test
    void syntaxErrorNamesLineAndColumn() {
        assertEquals(PREFIX + "invalid YAML at line 2, column 10: mapping values are not allowed here; check the"
                + " indentation and quoting there", error("input:\n  path: a: b\n"));
        assertEquals(PREFIX + "invalid YAML at line 2, column 40: expected ',' or ']', but got }; check the"
                + " indentation and quoting there", error("ops:\n  - {op: max_pool2d, kernel_size: [2, 2}\n"));
    }

    @Test
    void tabIndentationIsExplained() {
        assertEquals(PREFIX + "invalid YAML at line 2, column 1: a tab character; YAML indents with spaces only",
                error("input:\n\tpath: x\n"));
    }

    @Test
    void duplicateKeyNamesBothLines() {
        assertEquals(PREFIX + "ops[0].kernel_size is given twice; keep one (lines 6 and 7)",
                error(INPUT + "ops:\n  - op: max_pool2d\n    kernel_size: 2\n    kernel_size: 3\n" + OUTPUT));
    }

    @Test
    void aliasesAndMergeKeysAreRefused() {
        assertEquals(PREFIX + "ops[1] is the YAML alias *pool; aliases are not supported, write the value out (line 6)",
                error(INPUT + "ops:\n  - &pool {op: max_pool2d, kernel_size: 2}\n  - *pool\n" + OUTPUT));
        assertEquals(PREFIX + "ops[1].<< is a YAML merge key; merge keys are not supported, write the keys out (line 6)",
                error(INPUT + "ops:\n  - &pool {op: max_pool2d, kernel_size: 2}\n  - {<<: *pool, stride: 1}\n" + OUTPUT));
    }

    @Test
    void secondDocumentIsRefused() {
        assertEquals(PREFIX + "the file holds a second YAML document at line 9, column 1 (after ---); put the whole"
                + " config in one document", error(INPUT + OPS + OUTPUT + "---\ninput: {}\n"));
    }

    @Test
    void missingSectionsAreNamed() {
        assertEquals(PREFIX + "input is missing; add an input: section with the path to read and the tensor column",
                error(OPS + OUTPUT));
    }

    @Test
    void unknownTopLevelKeyGetsTheNearestSpelling() {
        assertEquals(PREFIX + "inputs is not a top-level key; did you mean input? (line 1)",
                error("inputs:\n  path: in\n" + OPS + OUTPUT));
        assertEquals(PREFIX + "error is not a top-level key; did you mean errors? (line 8)",
                error(INPUT + OPS + OUTPUT + "error: {on_bad_record: skip}\n"));
        assertEquals(PREFIX + "spark is not a top-level key; valid keys are input, ops, outputs, output, errors (line 8)",
                error(INPUT + OPS + OUTPUT + "spark: {master: local}\n"));
    }

    @Test
    void keyInTheWrongSectionSaysWhereItBelongs() {
        assertEquals(PREFIX + "path is not a top-level key; it belongs at input.path or output.path (line 1)",
                error("path: in\n" + INPUT + OPS + OUTPUT));
        assertEquals(PREFIX + "kernel_size is not a top-level key; kernel_size is an operator parameter, so put it on"
                + " an entry of ops (line 8)", error(INPUT + OPS + OUTPUT + "kernel_size: 2\n"));
        assertEquals(PREFIX + "output.format is not a key of output; it belongs at input.format (line 8)",
                error(INPUT + OPS + OUTPUT + "  format: parquet\n"));
        assertEquals(PREFIX + "input.column is not a key of input; it belongs at input.tensor.column (line 2)",
                error("input:\n  column: x\n  path: in\n" + OPS + OUTPUT));
    }

    @Test
    void unknownKeyInEverySectionIsNamedWithItsFullPath() {
        assertEquals(PREFIX + "input.tensor.colum is not a key of input.tensor; did you mean column? (line 4)",
                error("input:\n  path: in\n  tensor:\n    colum: x\n" + OPS + OUTPUT));
        assertEquals(PREFIX + "errors.on_bad_records is not a key of errors; did you mean on_bad_record? (line 9)",
                error(INPUT + OPS + OUTPUT + "errors:\n  on_bad_records: skip\n"));
        assertEquals(PREFIX + "output.codec is not a key of output; valid keys are path, mode, compression, layout,"
                + " dtype, writer, row_group_size, partition_by,"
                + " max_records_per_file, target_file_bytes (line 8)", error(INPUT + OPS + OUTPUT + "  codec: zstd\n"));
    }
}
