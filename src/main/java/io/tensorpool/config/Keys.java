package io.tensorpool.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The keys of every section of the config file. Users and scripts depend on these names; they
 * change only with a migration note.
 */
final class Keys {

    static final String INPUT = "input";
    static final String OPS = "ops";
    static final String OUTPUT = "output";
    static final String ERRORS = "errors";
    static final List<String> ROOT_KEYS = List.of(INPUT, OPS, OUTPUT, ERRORS);

    static final String PATH = "path";
    static final String FORMAT = "format";
    static final String TENSOR = "tensor";
    static final List<String> INPUT_KEYS = List.of(PATH, FORMAT, TENSOR);

    static final String COLUMN = "column";
    static final String LAYOUT = "layout";
    static final String SHAPE_COLUMN = "shape_column";
    static final String SHAPE = "shape";
    static final String DTYPE = "dtype";
    static final String DIM_ORDER = "dim_order";
    static final String CHANNEL_ORDER = "channel_order";
    static final List<String> TENSOR_KEYS =
            List.of(COLUMN, LAYOUT, SHAPE_COLUMN, SHAPE, DTYPE, DIM_ORDER, CHANNEL_ORDER);

    static final String MODE = "mode";
    static final String COMPRESSION = "compression";
    static final String WRITER = "writer";
    static final List<String> OUTPUT_KEYS = List.of(PATH, MODE, COMPRESSION, LAYOUT, DTYPE, WRITER);

    static final String ON_BAD_RECORD = "on_bad_record";
    static final String QUARANTINE_PATH = "quarantine_path";
    static final String MAX_BAD_FRACTION = "max_bad_fraction";
    static final List<String> ERRORS_KEYS = List.of(ON_BAD_RECORD, QUARANTINE_PATH, MAX_BAD_FRACTION);

    // operator parameters
    static final String KERNEL_SIZE = "kernel_size";
    static final String STRIDE = "stride";
    static final String PADDING = "padding";
    static final String DILATION = "dilation";
    static final String CEIL_MODE = "ceil_mode";
    static final String RETURN_INDICES = "return_indices";
    static final String COUNT_INCLUDE_PAD = "count_include_pad";
    static final String DIVISOR_OVERRIDE = "divisor_override";
    static final String NORM_TYPE = "norm_type";
    static final String OUTPUT_SIZE = "output_size";

    /** Each mapping section by its dotted name, in file order. */
    private static final Map<String, List<String>> SECTIONS = sections();

    private Keys() {
    }

    private static Map<String, List<String>> sections() {
        Map<String, List<String>> sections = new LinkedHashMap<>();
        sections.put("", ROOT_KEYS);
        sections.put(INPUT, INPUT_KEYS);
        sections.put(INPUT + "." + TENSOR, TENSOR_KEYS);
        sections.put(OUTPUT, OUTPUT_KEYS);
        sections.put(ERRORS, ERRORS_KEYS);
        return sections;
    }

    /**
     * For a key written in the wrong section: where it belongs, e.g. {@code format} in
     * {@code output} gives "is not a key of output; it belongs at input.format". Empty when the
     * key is valid nowhere, so that the nearest spelling is suggested instead.
     *
     * @param section the dotted name of the section the key was found in ({@code ""} for the top level)
     */
    static Function<String, Optional<String>> elsewhere(String section) {
        String notHere = "is not " + (section.isEmpty() ? "a top-level key" : "a key of " + section);
        return key -> {
            List<String> places = new ArrayList<>();
            SECTIONS.forEach((name, keys) -> {
                if (!name.equals(section) && keys.contains(key)) {
                    places.add(name.isEmpty() ? key : name + "." + key);
                }
            });
            if (!places.isEmpty()) {
                return Optional.of(notHere + "; it belongs at " + String.join(" or ", places));
            }
            if (key.equals(OpKind.OP_KEY) || !OpKind.taking(key).isEmpty()) {
                return Optional.of(notHere + "; " + key + " is an operator parameter, so put it on an entry of ops");
            }
            return Optional.empty();
        };
    }
}
