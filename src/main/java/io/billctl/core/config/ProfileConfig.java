package io.billctl.core.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One profile as the config file stores it. A secret is stored in at most one of three ways:
 * its value (from {@code --api-key-stdin}), the name of a variable that holds it, or a command
 * that prints it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ProfileConfig(
        @JsonProperty("backend") String backend,
        @JsonProperty("url") String url,
        @JsonProperty("username") String username,
        @JsonProperty("api_key") String apiKey,
        @JsonProperty("api_key_env") String apiKeyEnv,
        @JsonProperty("api_key_command") String apiKeyCommand,
        @JsonProperty("password") String password,
        @JsonProperty("password_env") String passwordEnv,
        @JsonProperty("password_command") String passwordCommand,
        @JsonProperty("ca_cert") String caCert,
        @JsonProperty("insecure") Boolean insecure) {

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
