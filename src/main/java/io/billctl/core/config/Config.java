package io.billctl.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.billctl.core.Json;
import java.util.Map;
import java.util.TreeMap;

/**
 * The whole config file: which profile is the default, the profiles by name, and every other key
 * the file holds ({@code others}): billctl does not know them, and keeps them when it rewrites the file.
 */
public record Config(String defaultProfile, Map<String, ProfileConfig> profiles, ObjectNode others) {

    public Config {
        profiles = profiles == null ? new TreeMap<>() : new TreeMap<>(profiles);
        others = others == null ? Json.object() : others.deepCopy();
    }

    public Config(String defaultProfile, Map<String, ProfileConfig> profiles) {
        this(defaultProfile, profiles, null);
    }

    /** The file's tree; keys billctl does not know are kept aside, as they were. */
    static Config fromTree(ConfigTree file) {
        Map<String, ProfileConfig> profiles = new TreeMap<>();
        ConfigTree tables = file.table("profiles");
        for (String name : tables.keys()) profiles.put(name, ProfileConfig.fromTree(tables.table(name)));
        String defaultProfile = file.string("default_profile");
        ObjectNode others = Json.object();
        JsonNode document = file.node();
        if (document instanceof ObjectNode object) {
            object.fields().forEachRemaining(entry -> {
                if (!entry.getKey().equals("default_profile") && !entry.getKey().equals("profiles")) others.set(entry.getKey(), entry.getValue());
            });
        }
        return new Config(defaultProfile, profiles, others);
    }

    /** The document: the default profile, other top-level keys, the profiles' tables, then other tables. */
    ObjectNode toTree() {
        ObjectNode file = Json.object();
        if (defaultProfile != null) file.put("default_profile", defaultProfile);
        others.fields().forEachRemaining(entry -> {
            if (!entry.getValue().isObject()) file.set(entry.getKey(), entry.getValue());
        });
        if (!profiles.isEmpty()) {
            ObjectNode tables = file.putObject("profiles");
            profiles.forEach((name, profile) -> tables.set(name, profile.toTree()));
        }
        others.fields().forEachRemaining(entry -> {
            if (entry.getValue().isObject()) file.set(entry.getKey(), entry.getValue());
        });
        return file;
    }

    public static Config empty() {
        return new Config(null, null, null);
    }

    public Config withProfile(String name, ProfileConfig profile) {
        Map<String, ProfileConfig> copy = new TreeMap<>(profiles);
        copy.put(name, profile);
        return new Config(defaultProfile, copy, others);
    }

    public Config withoutProfile(String name) {
        Map<String, ProfileConfig> copy = new TreeMap<>(profiles);
        copy.remove(name);
        return new Config(name.equals(defaultProfile) ? null : defaultProfile, copy, others);
    }

    public Config withDefault(String name) {
        return new Config(name, profiles, others);
    }
}
