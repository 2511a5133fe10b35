package io.tensorpool.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyPathAndSuggestionsTest {

    @ParameterizedTest
    @ValueSource(strings = {"output", "output.mode", "ops[0]", "ops[12].kernel_size", "a.b[1][2].c", "kernel-size"})
    void keyPathsPrintAsParsed(String text) {
        assertEquals(text, KeyPath.parse(text).toString());
    }

    @Test
    void keyPathSegmentsAreKeysAndIndices() {
        assertEquals(List.of("ops", 1, "ceil_mode"), KeyPath.parse("ops[1].ceil_mode").segments());
        assertTrue(KeyPath.parse("ops[1].ceil_mode").startsWith(KeyPath.parse("ops[1]")));
        assertFalse(KeyPath.parse("ops[1]").startsWith(KeyPath.parse("ops[1].ceil_mode")));
        assertEquals(KeyPath.parse("ops[1]"), KeyPath.parse("ops[1].ceil_mode").parent());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".a", "a.", "a..b", "[0]", "a[", "a[-1]", "a[x]", "a b", "a.b]"})
    void malformedKeyPathsAreRefused(String text) {
        assertThrows(IllegalArgumentException.class, () -> KeyPath.parse(text));
    }

    @Test
    void distanceCountsTranspositionsAsOne() {
        assertEquals(1, Suggestions.distance("kernel_sise", "kernel_size"));
        assertEquals(1, Suggestions.distance("stirde", "stride"));
        assertEquals(1, Suggestions.distance("ouput", "output"));
        assertEquals(0, Suggestions.distance("mode", "mode"));
    }

    @Test
    void nearestPrefersSameWordsInAnotherCase() {
        assertEquals(Optional.of("kernel_size"), Suggestions.nearest("KernelSize", List.of("kernel", "kernel_size")));
        assertEquals(Optional.of("max_pool2d"), Suggestions.nearest("max-pool2d", List.of("max_pool2d", "avg_pool2d")));
    }

    @Test
    void nearestNeedsACloseAndUniqueMatch() {
        assertEquals(Optional.of("mode"), Suggestions.nearest("mod", List.of("path", "mode")));
        assertEquals(Optional.empty(), Suggestions.nearest("xyz", List.of("path", "mode")));
        assertEquals(Optional.empty(), Suggestions.nearest("float", List.of("float16", "float32", "float64")));
        assertEquals(Optional.empty(), Suggestions.nearest("ab", List.of("op")), "short words need a closer match");
    }
}
