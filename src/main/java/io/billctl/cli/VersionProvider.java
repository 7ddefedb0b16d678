package io.billctl.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code billctl --version}: the version the build stamped into the jar, and the git commit it was
 * built from ("unknown" when the build ran outside a git checkout, from a source tarball say).
 */
public final class VersionProvider implements IVersionProvider {
    static final String RESOURCE = "io/billctl/billctl-version.properties";

    /** picocli asks once per subcommand it adds (they inherit the root's version): read the jar once. */
    private static volatile String[] line;

    @Override
    public String[] getVersion() {
        String[] known = line;
        if (known == null) line = known = read();
        return known.clone();
    }

    private static String[] read() {
        String version = VersionProvider.class.getPackage().getImplementationVersion();
        Properties build = new Properties();
        try (InputStream in = VersionProvider.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in != null) build.load(in);
        } catch (IOException e) {
            // The commit is a courtesy: the version line never fails for want of it.
        }
        if (version == null) version = stamped(build.getProperty("version"), "dev");
        String commit = stamped(build.getProperty("commit"), "unknown");
        if ("true".equals(build.getProperty("dirty"))) commit += ", modified";
        return new String[] {"billctl " + version + " (commit " + commit + ")"};
    }

    /** A property the build filled in, or {@code otherwise} when it was left as its ${placeholder}. */
    private static String stamped(String value, String otherwise) {
        return value == null || value.isBlank() || value.contains("${") ? otherwise : value.strip();
    }
}
