package io.tensorpool.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** Finds the valid spelling a user most likely meant, for "did you mean ...?" hints. */
final class Suggestions {

    private Suggestions() {
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
