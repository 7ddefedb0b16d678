package io.billctl.core.session;

import com.fasterxml.jackson.databind.JsonNode;
import io.billctl.core.Json;
import io.billctl.core.PrivateFiles;
import io.billctl.core.config.StrictModes;
import io.billctl.core.http.Redactor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Tokens kept between calls, one 0600 file each under {@code $XDG_CACHE_HOME/billctl/sessions}
 * (directory 0700, checked like the config: see {@link StrictModes}), named by a hash of who logs
 * in where: backend, URL, username, profile and a SHA-256 of the credential as resolved (never the
 * credential), so that a token is only ever sent back to the server that issued it, by the profile
 * that logged in, with the password it logged in with. A cache that cannot be read or written costs
 * a login, never a failure; a directory others could change is a failure (exit 3).
 */
public final class TokenCache {
    /** Whose a saved session is: written into its file, so that {@code profile remove|logout} can find it. */
    public record Owner(String profile, String backend) {}

    /** A session on disk: its file's key, whose it is, and the token. */
    public record Saved(String key, Owner owner, Token token) {}

    private final Path dir;
    private final Redactor redactor;
    private volatile boolean checked;

    public TokenCache(Path dir, Redactor redactor) {
        this.dir = dir;
        this.redactor = redactor;
    }

    public Path dir() {
        return dir;
    }

    public static String key(String backend, String scope, String username, String profile, String credential) {
        String who = backend + "\n" + scope + "\n" + username + "\n" + profile + "\n" + HexFormat.of().formatHex(sha256(credential));
        return HexFormat.of().formatHex(sha256(who), 0, 16);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(String.valueOf(text).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Refuses (exit 3) a session directory, or the directory that holds it, that others could change. */
    private void check() {
        if (checked) return;
        StrictModes.checkDirectory(dir, "the session directory");
        checked = true;
    }

    public Optional<Token> load(String key) {
        check();
        return read(dir.resolve(key + ".json")).map(Saved::token);
    }

    private Optional<Saved> read(Path file) {
        try {
            if (!StrictModes.isPrivate(file)) return Optional.empty(); // missing, a link, or not the caller's own 0600 file
            JsonNode saved = Json.parse(Files.readString(file));
            String value = saved.path("token").asText("");
            if (value.isEmpty()) return Optional.empty();
            redactor.addSecretValue(value);
            Instant expires = saved.hasNonNull("expires_at") ? Instant.ofEpochSecond(saved.get("expires_at").asLong()) : null;
            String name = file.getFileName().toString();
            return Optional.of(new Saved(name.substring(0, name.length() - ".json".length()),
                    new Owner(saved.path("profile").asText(null), saved.path("backend").asText(null)), new Token(value, expires)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    public void save(String key, Token token, Owner owner) {
        redactor.addSecretValue(token.value());
        check();
        try {
            PrivateFiles.directories(dir);
            var record = Json.object().put("token", token.value());
            if (token.expiresAt() != null) record.put("expires_at", token.expiresAt().getEpochSecond());
            record.put("profile", owner.profile()).put("backend", owner.backend());
            PrivateFiles.write(dir.resolve(key + ".json"), Json.write(record));
        } catch (IOException e) {
            // the next call logs in again
        }
    }

    public void forget(String key) {
        try {
            Files.deleteIfExists(dir.resolve(key + ".json"));
        } catch (IOException e) {
            // a stale token is rejected by the server and replaced
        }
    }

    /** The sessions a profile saved, with their tokens (for {@code profile logout}). */
    public List<Saved> of(String profile) {
        check();
        List<Saved> sessions = new ArrayList<>();
        if (!Files.isDirectory(dir)) return sessions;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
            for (Path file : files) read(file).filter(s -> profile.equals(s.owner().profile())).ifPresent(sessions::add);
        } catch (IOException e) {
            // nothing readable: nothing to end
        }
        return sessions;
    }

    /** Deletes every session a profile saved; answers how many. */
    public int forgetProfile(String profile) {
        List<Saved> sessions = of(profile);
        sessions.forEach(s -> forget(s.key()));
        return sessions.size();
    }
}
