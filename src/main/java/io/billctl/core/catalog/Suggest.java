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
        // One slip is a typo, whatever else matches: "nmae" -> name.
        if (best != null && bestDistance <= 1) return Optional.of(best);
        // A word of other names ("--name" where the vendor has --firstname and --lastname): those, rather than a
        // name as near by edits that means something else (--rate).
        Optional<String> containing = containing(normalized, known);
        if (containing.isPresent()) return containing;
        // A third of the name may be wrong: "tech_prefx" -> tech_prefix, but "foo" suggests nothing.
        return best != null && bestDistance <= Math.max(1, normalized.length() / 3) ? Optional.of(best) : Optional.empty();
    }

    /** The names (at most four) that hold the word, a word of three letters or more: "--firstname or --lastname". */
    private static Optional<String> containing(String normalized, Collection<String> known) {
        String word = normalized.replaceFirst("^_+", "");
        if (word.length() < 3) return Optional.empty();
        java.util.List<String> matches = new java.util.ArrayList<>();
        for (String candidate : known) {
            if (normalize(candidate).replaceFirst("^_+", "").contains(word)) matches.add(candidate);
        }
        if (matches.isEmpty() || matches.size() > 4) return Optional.empty();
        java.util.Collections.sort(matches);
        if (matches.size() == 1) return Optional.of(matches.get(0));
        return Optional.of(String.join(", ", matches.subList(0, matches.size() - 1)) + " or " + matches.get(matches.size() - 1));
    }

    /** Case, dashes and underscores do not count: "Tech-Prefix" is one edit from nothing. */
    private static String normalize(String name) {
        return name.toLowerCase().replace('-', '_');
    }

    /** Edits between two names, a swap of neighbours ("nmae") counting as one (optimal string alignment). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(d[i - 1][j - 1] + cost, Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1));
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
