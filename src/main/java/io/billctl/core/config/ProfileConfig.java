package io.billctl.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.billctl.core.Json;
import java.util.List;

/**
 * One profile as the config file stores it. A secret is stored in at most one of three ways:
 * its value (from {@code --api-key-stdin}), the name of a variable that holds it, or a command
 * that prints it. {@code others} holds the table's other keys, kept as they were: the backend's own
 * settings (handed to its client through {@link Endpoint#settings}) and keys billctl does not know.
 */
public record ProfileConfig(
        String backend,
        String url,
        String username,
        String apiKey,
        String apiKeyEnv,
        String apiKeyCommand,
        String password,
        String passwordEnv,
        String passwordCommand,
        String caCert,
        Boolean insecure,
        ObjectNode others) {

    /** The keys billctl reads, in the order it writes them. */
    static final List<String> KEYS = List.of("backend", "url", "username", "api_key", "api_key_env", "api_key_command",
            "password", "password_env", "password_command", "ca_cert", "insecure");

    public ProfileConfig {
        others = others == null ? Json.object() : others.deepCopy();
    }

    public ProfileConfig(String backend, String url, String username, String apiKey, String apiKeyEnv, String apiKeyCommand,
                         String password, String passwordEnv, String passwordCommand, String caCert, Boolean insecure) {
        this(backend, url, username, apiKey, apiKeyEnv, apiKeyCommand, password, passwordEnv, passwordCommand, caCert, insecure, null);
    }

    /** A {@code [profiles.NAME]} table; keys billctl does not know are kept aside. */
    static ProfileConfig fromTree(ConfigTree table) {
        ObjectNode others = Json.object();
        JsonNode node = table.node();
        if (node instanceof ObjectNode object) {
            object.fields().forEachRemaining(entry -> {
                if (!KEYS.contains(entry.getKey())) others.set(entry.getKey(), entry.getValue());
            });
        }
        return new ProfileConfig(table.string("backend"), table.string("url"), table.string("username"),
                table.string("api_key"), table.string("api_key_env"), table.string("api_key_command"),
                table.string("password"), table.string("password_env"), table.string("password_command"),
                table.string("ca_cert"), table.bool("insecure"), others);
    }

    /** The table as the file holds it: billctl's keys in this order, unset ones left out, then the others. */
    ObjectNode toTree() {
        ObjectNode table = Json.object();
        put(table, "backend", backend);
        put(table, "url", url);
        put(table, "username", username);
        put(table, "api_key", apiKey);
        put(table, "api_key_env", apiKeyEnv);
        put(table, "api_key_command", apiKeyCommand);
        put(table, "password", password);
        put(table, "password_env", passwordEnv);
        put(table, "password_command", passwordCommand);
        put(table, "ca_cert", caCert);
        if (insecure != null) table.put("insecure", insecure);
        others.fields().forEachRemaining(entry -> table.set(entry.getKey(), entry.getValue()));
        return table;
    }

    /** The same profile with another's unknown keys: a replaced profile keeps what billctl does not know. */
    public ProfileConfig keeping(ProfileConfig replaced) {
        ObjectNode merged = replaced.others.deepCopy();
        merged.setAll(others);
        return new ProfileConfig(backend, url, username, apiKey, apiKeyEnv, apiKeyCommand, password, passwordEnv, passwordCommand,
                caCert, insecure, merged);
    }

    /** The same profile at another URL (the form {@link ProfileUrl} gives it). */
    public ProfileConfig withUrl(String newUrl) {
        return new ProfileConfig(backend, newUrl, username, apiKey, apiKeyEnv, apiKeyCommand, password, passwordEnv, passwordCommand,
                caCert, insecure, others);
    }

    private static void put(ObjectNode table, String key, String value) {
        if (value != null) table.put(key, value);
    }

    public SecretRef apiKeyRef() {
        return SecretRef.of("API key", apiKey, apiKeyEnv, apiKeyCommand);
    }

    public SecretRef passwordRef() {
        return SecretRef.of("password", password, passwordEnv, passwordCommand);
    }

    public boolean isInsecure() {
        return Boolean.TRUE.equals(insecure);
    }

    /** Never the secrets: a record's default toString would print them. */
    @Override
    public String toString() {
        return "profile(" + backend + " " + url + ")";
    }
}
