package io.billctl.core.catalog;

import java.util.Collection;
import java.util.Optional;

/** "Did you mean": the nearest name by edit distance, when it is near enough to be a typo. */
public final class Suggest {
    private Suggest() {}

    public static Optional<String> closest(String wrong, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        String normalized = normalize(wrong);
        for (String candidate : known) {
            int distance = distance(normalized, normalize(candidate));
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        // A third of the name may be wrong: "tech_prefx" -> tech_prefix, but "foo" suggests nothing.
        return best != null && bestDistance <= Math.max(1, normalized.length() / 3) ? Optional.of(best) : Optional.empty();
    }

    /** Case, dashes and underscores do not count: "Tech-Prefix" is one edit from nothing. */
    private static String normalize(String name) {
        return name.toLowerCase().replace('-', '_');
    }

    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) previous[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
