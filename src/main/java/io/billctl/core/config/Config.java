package io.billctl.core.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;
import java.util.TreeMap;

/** The whole config file: which profile is the default, and the profiles by name. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Config(
        @JsonProperty("default_profile") String defaultProfile,
        @JsonProperty("profiles") Map<String, ProfileConfig> profiles) {

    public Config {
        profiles = profiles == null ? new TreeMap<>() : new TreeMap<>(profiles);
    }

    public static Config empty() {
        return new Config(null, null);
    }

    public Config withProfile(String name, ProfileConfig profile) {
        Map<String, ProfileConfig> copy = new TreeMap<>(profiles);
        copy.put(name, profile);
        return new Config(defaultProfile, copy);
    }

    public Config withoutProfile(String name) {
        Map<String, ProfileConfig> copy = new TreeMap<>(profiles);
        copy.remove(name);
        return new Config(name.equals(defaultProfile) ? null : defaultProfile, copy);
    }

    public Config withDefault(String name) {
        return new Config(name, profiles);
    }
}
