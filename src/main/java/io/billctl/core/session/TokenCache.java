package io.billctl.core.session;

import com.fasterxml.jackson.databind.JsonNode;
import io.billctl.core.Json;
import io.billctl.core.http.Redactor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Tokens kept between calls, one 0600 file each under {@code $XDG_CACHE_HOME/billctl/sessions}
 * (directory 0700), named by a hash of backend, URL and username so that a token is only ever
 * sent back to the server that issued it. A cache that cannot be read or written costs a login,
 * never a failure.
 */
public final class TokenCache {
    private final Path dir;
    private final Redactor redactor;

    public TokenCache(Path dir, Redactor redactor) {
        this.dir = dir;
        this.redactor = redactor;
    }

    public static String key(String backend, String url, String username) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((backend + "\n" + url + "\n" + username).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    public Optional<Token> load(String key) {
        Path file = dir.resolve(key + ".json");
        try {
            if (!Files.exists(file)) return Optional.empty();
            JsonNode saved = Json.parse(Files.readString(file));
            String value = saved.path("token").asText("");
            if (value.isEmpty()) return Optional.empty();
            redactor.addSecretValue(value);
            Instant expires = saved.hasNonNull("expires_at") ? Instant.ofEpochSecond(saved.get("expires_at").asLong()) : null;
            return Optional.of(new Token(value, expires));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    public void save(String key, Token token) {
        redactor.addSecretValue(token.value());
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            var record = Json.object().put("token", token.value());
            if (token.expiresAt() != null) record.put("expires_at", token.expiresAt().getEpochSecond());
            Path temp = Files.createTempFile(dir, ".session", ".json", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(temp, Json.write(record));
            try {
                Files.move(temp, dir.resolve(key + ".json"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, dir.resolve(key + ".json"), StandardCopyOption.REPLACE_EXISTING);
            }
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
}
