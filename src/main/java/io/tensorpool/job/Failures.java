package io.tensorpool.job;

import io.tensorpool.TensorPoolException;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Finds the user-facing cause of a failure. A record rejected on an executor reaches the driver
 * wrapped in Spark's task, stage and write exceptions; the first {@link TensorPoolException} in
 * the cause chain carries the one line the user needs.
 */
public final class Failures {
    private Failures() {
    }

    /** The first TensorPoolException in {@code t}'s cause chain, or null. */
    public static TensorPoolException find(Throwable t) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable c = t; c != null && seen.put(c, true) == null; c = c.getCause()) {
            if (c instanceof TensorPoolException known) {
                return known;
            }
        }
        return null;
    }

    /** The innermost cause's type and first message line, for failures we did not anticipate. */
    static String describe(Throwable t) {
        Throwable root = t;
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        while (root.getCause() != null && seen.put(root, true) == null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + InputTable.firstLine(root.getMessage());
    }
}
