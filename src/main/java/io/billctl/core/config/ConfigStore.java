package io.billctl.core.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.toml.TomlFactory;
import io.billctl.core.BillctlException;
import io.billctl.core.Env;
import io.billctl.core.Json;
import io.billctl.core.PrivateFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The config file: {@code --config FILE}, else {@code $BILLCTL_CONFIG}, else
 * {@code $XDG_CONFIG_HOME/billctl/config.toml}, else {@code ~/.config/billctl/config.toml}.
 * <p>
 * Read only after {@link StrictModes} found that nobody else can change it (exit 3 otherwise: it
 * names commands billctl runs and secrets it sends); a file others can read gets a warning.
 * Changed by {@link #update}: under a lock (a {@code .lock} file beside it, and a monitor for the
 * threads of this process), read again, changed, written to a 0600 temporary file and renamed over
 * it, so that two {@code profile add} at once both land. A symbolic link is followed and kept; keys
 * billctl does not know are kept; comments cannot be (the TOML reader drops them), so the previous
 * file is kept as {@code .bak} when it had any.
 */
public final class ConfigStore {
    /** Built on first read: a call on the sandbox profile never reads the config. */
    private static final class Toml {
        static final TomlFactory FACTORY = new TomlFactory();
    }

    static final String HEADER = "# billctl profiles; written by `billctl profile`. Holds secrets: keep it mode 0600.";
    private static final int MOST_LINKS = 40;
    /** One monitor per config file for the threads of this process; the file lock is for other processes. */
    private static final ConcurrentHashMap<Path, Object> IN_PROCESS = new ConcurrentHashMap<>();

    private final Path path;
    private final Consumer<String> warnings;
    /** Each warning once per run, though the file is read again under the lock before a change. */
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    /** @param warnings where a warning about the file goes (the presenter's stderr line) */
    public ConfigStore(Path path, Consumer<String> warnings) {
        this.path = path;
        this.warnings = message -> {
            if (warned.add(message)) warnings.accept(message);
        };
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
        String text = read(path);
        return text == null ? Config.empty() : parse(text);
    }

    /** Replaces the whole file with {@code config} (keeping nothing of what another process wrote meanwhile). */
    public void save(Config config) {
        update(current -> config);
    }

    /**
     * Applies {@code change} to the file as it is now, under the lock, and writes the result;
     * answers it. A BillctlException from {@code change} leaves the file as it was.
     */
    public Config update(UnaryOperator<Config> change) {
        Path target;
        try {
            target = target(path);
            PrivateFiles.directories(target.getParent());
        } catch (IOException e) {
            throw BillctlException.usage("cannot write the config file " + path + ": " + e.getMessage());
        }
        synchronized (IN_PROCESS.computeIfAbsent(target, k -> new Object())) {
            try (FileChannel lockFile = PrivateFiles.lockFile(target.resolveSibling(target.getFileName() + ".lock"));
                 FileLock lock = lockFile.lock()) {
                String previous = read(path);
                Config next = change.apply(previous == null ? Config.empty() : parse(previous));
                if (previous != null && hasComments(previous)) {
                    Path backup = target.resolveSibling(target.getFileName() + ".bak");
                    PrivateFiles.write(backup, previous);
                    warnings.accept(path + " had comments, which billctl cannot keep when it rewrites the file; the file as it was is in " + backup);
                }
                PrivateFiles.write(target, HEADER + "\n" + TomlWriter.write(next));
                return next;
            } catch (IOException e) {
                throw BillctlException.usage("cannot write the config file " + path + ": " + e.getMessage());
            }
        }
    }

    /** The file's text after the strict-mode check, or null when there is no file. */
    private String read(Path file) {
        if (!Files.exists(file)) return null;
        if (Files.isDirectory(file)) throw BillctlException.usage("the config file " + file + " is a directory");
        StrictModes.checkFile(file, "the config file");
        warnIfReadableByOthers(file);
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw BillctlException.usage("cannot read the config file " + file + ": " + e.getMessage());
        }
    }

    private Config parse(String text) {
        try {
            // The parser and a tree, not TomlMapper: data binding costs a cold call tens of ms.
            try (JsonParser parser = Toml.FACTORY.createParser(text)) {
                return Config.fromTree(ConfigTree.root(path, Json.read(parser)));
            }
        } catch (JsonProcessingException e) {
            throw BillctlException.usage("cannot read the config file " + path + ": " + Json.describe(e));
        } catch (IOException e) {
            throw BillctlException.usage("cannot read the config file " + path + ": " + e.getMessage());
        }
    }

    /** The file a chain of symbolic links ends at (which need not exist yet). */
    static Path target(Path path) throws IOException {
        Path at = path.toAbsolutePath().normalize();
        for (int i = 0; i < MOST_LINKS && Files.isSymbolicLink(at); i++) {
            at = at.getParent().resolve(Files.readSymbolicLink(at)).normalize();
        }
        if (Files.isSymbolicLink(at)) throw new IOException("too many levels of symbolic links");
        return at;
    }

    /** Whether the text holds a comment other than billctl's own first line: a {@code #} outside any string. */
    static boolean hasComments(String text) {
        String multiline = null;
        for (String line : text.split("\n", -1)) {
            if (line.strip().equals(HEADER)) continue;
            char quote = 0;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (multiline != null) {
                    if (line.startsWith(multiline, i)) {
                        multiline = null;
                        i += 2;
                    } else if (c == '\\' && multiline.equals("\"\"\"")) {
                        i++;
                    }
                } else if (quote != 0) {
                    if (c == '\\' && quote == '"') i++;
                    else if (c == quote) quote = 0;
                } else if (line.startsWith("\"\"\"", i) || line.startsWith("'''", i)) {
                    multiline = line.substring(i, i + 3);
                    i += 2;
                } else if (c == '"' || c == '\'') {
                    quote = c;
                } else if (c == '#') {
                    return true;
                }
            }
        }
        return false;
    }

    private void warnIfReadableByOthers(Path file) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (permissions.contains(PosixFilePermission.GROUP_READ) || permissions.contains(PosixFilePermission.OTHERS_READ)) {
                warnings.accept(file + " is readable by other users (mode "
                        + PosixFilePermissions.toString(permissions) + "); run: chmod 600 " + file);
            }
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system: nothing to check
        }
    }
}
