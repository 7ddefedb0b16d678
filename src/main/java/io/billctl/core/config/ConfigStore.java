package io.billctl.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.dataformat.toml.TomlFactory;
import io.billctl.core.BillctlException;
import io.billctl.core.Env;
import java.util.function.Consumer;
import io.billctl.core.Json;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The config file: {@code --config FILE}, else {@code $BILLCTL_CONFIG}, else
 * {@code $XDG_CONFIG_HOME/billctl/config.toml}, else {@code ~/.config/billctl/config.toml}.
 * Written with mode 0600 by an atomic rename; a file others can read gets a warning.
 */
public final class ConfigStore {
    /** Built on first read: a call on the sandbox profile never reads the config. */
    private static final class Toml {
        static final TomlFactory FACTORY = new TomlFactory();
    }
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path path;
    private final Consumer<String> warnings;

    /** @param warnings where a warning about the file goes (the presenter's stderr line) */
    public ConfigStore(Path path, Consumer<String> warnings) {
        this.path = path;
        this.warnings = warnings;
    }

    public static ConfigStore locate(Env env, Path override, Consumer<String> warnings) {
        Path path = override != null ? override
                : env.get("BILLCTL_CONFIG").map(Path::of).orElse(env.configDir().resolve("config.toml"));
        return new ConfigStore(path, warnings);
    }

    public Path path() {
        return path;
    }

    public Config load() {
        if (!Files.exists(path)) return Config.empty();
        if (Files.isDirectory(path)) throw BillctlException.usage("the config file " + path + " is a directory");
        warnIfReadableByOthers();
        try {
            // The parser and a tree, not TomlMapper: data binding costs a cold call tens of ms.
            try (JsonParser parser = Toml.FACTORY.createParser(path.toFile())) {
                return Config.fromTree(ConfigTree.root(path, Json.read(parser)));
            }
        } catch (JsonProcessingException e) {
            throw BillctlException.usage("cannot read the config file " + path + ": " + Json.describe(e));
        } catch (IOException e) {
            throw BillctlException.usage("cannot read the config file " + path + ": " + e.getMessage());
        }
    }

    public void save(Config config) {
        try {
            Path dir = path.toAbsolutePath().getParent();
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            Path temp = Files.createTempFile(dir, ".config", ".toml", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            try {
                Files.writeString(temp, "# billctl profiles; written by `billctl profile`. Holds secrets: keep it mode 0600.\n"
                        + TomlWriter.write(config));
                try {
                    Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw BillctlException.usage("cannot write the config file " + path + ": " + e.getMessage());
        }
    }

    private void warnIfReadableByOthers() {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
            if (permissions.contains(PosixFilePermission.GROUP_READ) || permissions.contains(PosixFilePermission.OTHERS_READ)) {
                warnings.accept(path + " is readable by other users (mode "
                        + PosixFilePermissions.toString(permissions) + "); run: chmod 600 " + path);
            }
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system: nothing to check
        }
    }
}
