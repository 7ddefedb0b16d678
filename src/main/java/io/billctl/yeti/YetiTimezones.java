package io.billctl.yeti;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.billctl.core.BillctlException;
import io.billctl.core.ExitCode;
import io.billctl.core.Json;
import io.billctl.core.PrivateFiles;
import io.billctl.core.config.Endpoint;
import io.billctl.core.config.StrictModes;
import io.billctl.core.http.WireResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The server's own time zone names ({@code GET {url}/api/rest/admin/timezones}: PostgreSQL's
 * {@code pg_timezone_names} that Rails also knows, about 600, such as {@code EST}, {@code ROC} or
 * {@code America/Coyhaique}; not Java's list), against which yeti-web checks every save. Read once
 * per run when an update sets a time zone, and kept for a day per profile in a 0600 file under
 * {@code $XDG_CACHE_HOME/billctl/yeti-timezones}. A name not in the list is refused before the
 * update is sent (exit 2, with the closest names); when the list cannot be had (an older server, an
 * error, no network) nothing is checked: the server judges.
 */
final class YetiTimezones {
    /** How long a list read from the server is trusted. */
    static final Duration KEPT = Duration.ofDays(1);

    private final Endpoint endpoint;
    private final Path dir;
    /** One read of the server's list: answers the answer, or throws what the read met. */
    private final Supplier<WireResponse> read;
    private final Clock clock;
    private Set<String> names;
    private boolean asked;

    YetiTimezones(Endpoint endpoint, Path cacheDir, Supplier<WireResponse> read, Clock clock) {
        this.endpoint = endpoint;
        this.dir = cacheDir.resolve("yeti-timezones");
        this.read = read;
        this.clock = clock;
    }

    /**
     * Refuses (exit 2) an update whose {@code timezone} is not in the server's list. With
     * {@code online} false (a dry run, which sends nothing), only a list kept from an earlier run is used.
     */
    void check(JsonNode zone, boolean online) {
        if (zone == null || !zone.isTextual()) return;
        Set<String> known = names(online);
        if (known == null || known.contains(zone.textValue())) return;
        String message = "\"" + zone.textValue() + "\" is not a time zone of this Yeti-Switch server (it knows " + known.size()
                + "); closest: " + String.join(", ", closest(zone.textValue(), known, 3));
        throw new BillctlException(ExitCode.USAGE, "timezone: " + message, Map.of("timezone", message), null, null);
    }

    /** The list: from this run, else kept from an earlier one if less than a day old, else (online) from the server. Null when it cannot be had. */
    synchronized Set<String> names(boolean online) {
        if (names != null || asked) return names;
        names = kept();
        if (names != null || !online) return names;
        asked = true;
        names = fetched();
        if (names != null) keep(names);
        return names;
    }

    private Set<String> fetched() {
        WireResponse response;
        try {
            response = read.get();
        } catch (BillctlException e) {
            // The login was refused: the update would be too, so say it now. Anything else: no check.
            if (e.exitCode() == ExitCode.AUTH) throw e;
            return null;
        }
        if (!response.isSuccess()) return null;
        return response.parsed().map(YetiTimezones::namesOf).orElse(null);
    }

    /**
     * The names of a JSON:API collection of {@code timezones}: each resource's {@code name}, else its
     * id (on yeti-web before 1.14.35 the ids are numbers and the name an attribute). Null when the
     * document is not such a collection, or is empty: an empty list would refuse every name.
     */
    static Set<String> namesOf(JsonNode document) {
        JsonNode data = document.path("data");
        if (!data.isArray() || data.isEmpty()) return null;
        Set<String> found = new LinkedHashSet<>();
        for (JsonNode resource : data) {
            JsonNode name = resource.path("attributes").path("name");
            if (!name.isTextual()) name = resource.path("id");
            if (!name.isTextual() || name.textValue().isEmpty()) return null;
            found.add(name.textValue());
        }
        return Set.copyOf(found);
    }

    /** The list kept by an earlier run for this profile and URL, when it is the caller's own 0600 file and less than a day old. */
    private Set<String> kept() {
        Path file = file();
        try {
            if (!StrictModes.isPrivate(file)) return null;
            JsonNode saved = Json.parse(Files.readString(file));
            Instant fetched = Instant.ofEpochSecond(saved.path("fetched_at").asLong(0));
            Instant now = clock.instant();
            if (!endpoint.sessionScope().equals(saved.path("url").asText()) || fetched.isAfter(now.plusSeconds(60))
                    || !fetched.plus(KEPT).isAfter(now)) {
                return null;
            }
            ObjectNode wrapped = Json.object();
            ArrayNode data = wrapped.putArray("data");
            saved.path("names").forEach(name -> data.addObject().put("id", name.asText()));
            return namesOf(wrapped);
        } catch (IOException | RuntimeException unreadable) {
            return null;
        }
    }

    private void keep(Set<String> list) {
        ObjectNode saved = Json.object().put("profile", endpoint.profile()).put("url", endpoint.sessionScope())
                .put("fetched_at", clock.instant().getEpochSecond());
        ArrayNode array = saved.putArray("names");
        list.stream().sorted().forEach(array::add);
        try {
            PrivateFiles.directories(dir);
            PrivateFiles.write(file(), Json.write(saved));
        } catch (IOException | RuntimeException notKept) {
            // the next run reads the list again
        }
    }

    /** One file per profile and URL: a hash of both, so that another server's list is never used. */
    private Path file() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((endpoint.profile() + "\n" + endpoint.sessionScope()).getBytes(StandardCharsets.UTF_8));
            return dir.resolve(HexFormat.of().formatHex(digest, 0, 16) + ".json");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /**
     * The {@code count} names nearest to a wrong one: the same name in another case first, then one
     * whose last part is the name given ({@code berlin} -> Europe/Berlin), then by edit distance.
     */
    static List<String> closest(String wrong, Set<String> known, int count) {
        String given = wrong.toLowerCase(Locale.ROOT);
        return known.stream().sorted(Comparator.comparingInt((String name) -> rank(given, name.toLowerCase(Locale.ROOT)))
                .thenComparingInt(name -> distance(given, name.toLowerCase(Locale.ROOT))).thenComparing(name -> name)).limit(count).toList();
    }

    private static int rank(String given, String name) {
        if (name.equals(given)) return 0;
        String last = name.substring(name.lastIndexOf('/') + 1);
        String givenLast = given.substring(given.lastIndexOf('/') + 1);
        return last.equals(givenLast) ? 1 : 2;
    }

    /** Levenshtein distance. */
    private static int distance(String a, String b) {
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
