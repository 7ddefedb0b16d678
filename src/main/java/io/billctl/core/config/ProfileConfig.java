package io.billctl.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.billctl.core.Json;

/**
 * One profile as the config file stores it. A secret is stored in at most one of three ways:
 * its value (from {@code --api-key-stdin}), the name of a variable that holds it, or a command
 * that prints it.
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
        Boolean insecure) {

    /** A {@code [profiles.NAME]} table; keys billctl does not know are ignored. */
    static ProfileConfig fromTree(ConfigTree table) {
        return new ProfileConfig(table.string("backend"), table.string("url"), table.string("username"),
                table.string("api_key"), table.string("api_key_env"), table.string("api_key_command"),
                table.string("password"), table.string("password_env"), table.string("password_command"),
                table.string("ca_cert"), table.bool("insecure"));
    }

    /** The table as the file holds it, keys in this order, unset ones left out. */
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
        return table;
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
