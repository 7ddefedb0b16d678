package io.billctl.core.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.billctl.core.Json;
import java.util.Map;
import java.util.TreeMap;

/** The whole config file: which profile is the default, and the profiles by name. */
public record Config(String defaultProfile, Map<String, ProfileConfig> profiles) {

    public Config {
        profiles = profiles == null ? new TreeMap<>() : new TreeMap<>(profiles);
    }

    /** The file's tree; keys billctl does not know are ignored (and not kept when billctl rewrites the file). */
    static Config fromTree(ConfigTree file) {
        Map<String, ProfileConfig> profiles = new TreeMap<>();
        ConfigTree tables = file.table("profiles");
        for (String name : tables.keys()) profiles.put(name, ProfileConfig.fromTree(tables.table(name)));
        return new Config(file.string("default_profile"), profiles);
    }

    ObjectNode toTree() {
        ObjectNode file = Json.object();
        if (defaultProfile != null) file.put("default_profile", defaultProfile);
        ObjectNode tables = file.putObject("profiles");
        profiles.forEach((name, profile) -> tables.set(name, profile.toTree()));
        return file;
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
