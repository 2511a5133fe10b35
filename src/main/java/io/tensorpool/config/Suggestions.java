package io.tensorpool.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Finds the valid spelling a user most likely meant, for "did you mean ...?" hints. */
final class Suggestions {

    /**
     * ONNX's pooling attributes that the nearest spelling does not catch, with what to write
     * instead (ONNX's {@code strides} and {@code dilations} are one letter from ours already).
     */
    private static final Map<String, String> ONNX_KEYS = Map.of(
            "auto_pad", "is ONNX's attribute; did you mean padding? (padding: same is ONNX's SAME_UPPER,"
                    + " same_lower SAME_LOWER, valid VALID)",
            "kernel_shape", "is ONNX's attribute; did you mean kernel_size?",
            "pads", "is ONNX's attribute; did you mean padding? (ONNX's pads [top, left, bottom, right] is"
                    + " padding: [top, left, bottom, right])",
            "storage_order", "is ONNX's attribute; there is no such key: the output is always written row-major"
                    + " (C order, ONNX's storage_order 0), indices too; remove it");

    /** ONNX's {@code auto_pad} values, as users carry them over, by our {@code padding} value. */
    private static final Map<String, String> ONNX_PADDINGS = Map.of("same_upper", "same");

    private Suggestions() {
    }

    /** For an operator key that is ONNX's spelling: what it is and what to write instead. */
    static Optional<String> onnxKey(String key) {
        return Optional.ofNullable(ONNX_KEYS.get(key.toLowerCase(Locale.ROOT)));
    }

    /** Our {@code padding} value for ONNX's {@code auto_pad} value {@code typed} ({@code SAME_UPPER}: same). */
    static Optional<String> onnxPadding(String typed) {
        return Optional.ofNullable(ONNX_PADDINGS.get(typed.toLowerCase(Locale.ROOT)));
    }

    /**
     * The candidate nearest to {@code typed}: first one equal to it once case, {@code _} and
     * {@code -} are ignored ({@code kernelSize}, {@code MaxPool2d}), else the closest within an edit
     * distance that grows with the candidate's length (at most 2). A tie suggests nothing: with
     * {@code float} equally near {@code float16}, {@code float32} and {@code float64}, a guess would mislead.
     */
    static Optional<String> nearest(String typed, Collection<String> candidates) {
        String folded = fold(typed);
        for (String candidate : candidates) {
            if (fold(candidate).equals(folded)) {
                return Optional.of(candidate);
            }
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        boolean tied = false;
        for (String candidate : candidates) {
            int distance = distance(typed.toLowerCase(Locale.ROOT), candidate);
            int allowed = Math.min(2, Math.max(1, candidate.length() / 3));
            if (distance <= allowed && distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
                tied = false;
            } else if (distance <= allowed && distance == bestDistance) {
                tied = true;
            }
        }
        return tied ? Optional.empty() : Optional.ofNullable(best);
    }

    private static String fold(String text) {
        return text.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
    }

    /**
     * Optimal string alignment distance: insertions, deletions, substitutions and transpositions
     * of neighbours each cost 1, the typos people make in keys.
     */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
