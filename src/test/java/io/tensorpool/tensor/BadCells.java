package io.tensorpool.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.function.Executable;

/** Assertions for bad cells: the stable reason, the column named, the problem described. */
final class BadCells {
    private BadCells() {
    }

    static BadRecordException assertBad(String reason, String column, Executable call, String... fragments) {
        BadRecordException e = assertThrows(BadRecordException.class, call);
        assertEquals(reason, e.reason(), () -> "reason of: " + e.getMessage());
        assertTrue(e.getMessage().contains("'" + column + "'"), () -> "names the column: " + e.getMessage());
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), () -> "mentions '" + fragment + "': " + e.getMessage());
        }
        assertEquals(1, e.exitCode());
        return e;
    }
}
