package io.tensorpool.tensor;

/**
 * The openings of the messages about one cell of the tensor column, defined once so that every
 * layout's message starts the same way: "Cannot decode column 'x' as npy: ..." The rest of each
 * message (what is wrong, how to fix it) belongs to the codec that finds the problem.
 */
final class TensorErrors {

    private TensorErrors() {
    }

    /** {@code Cannot decode column '<column>' as <as>}: the cell's bytes do not hold a tensor. */
    static String cannotDecode(String column, String as) {
        return "Cannot decode column '" + column + "' as " + as;
    }

    /** {@code Cannot read column '<column>' as <as>}: the cell holds values that do not fit the spec. */
    static String cannotRead(String column, Object as) {
        return "Cannot read column '" + column + "' as " + as;
    }
}
