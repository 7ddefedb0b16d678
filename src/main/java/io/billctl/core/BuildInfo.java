package io.billctl.core;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * What this build of billctl is: its version (from the jar's manifest, else the build's stamped
 * properties) and the git commit it was built from ("unknown" when the build ran outside a git
 * checkout, from a source tarball say). The properties are read only when asked for the commit, or
 * for the version where no manifest says it (classes run from a build tree): a request's User-Agent
 * costs no file read.
 */
public final class BuildInfo {
    static final String RESOURCE = "io/billctl/billctl-version.properties";

    private static volatile Properties stamped;
    private static volatile String userAgent;

    private BuildInfo() {}

    /** "0.1.0", or "dev" when neither the manifest nor the build says. */
    public static String version() {
        String version = BuildInfo.class.getPackage().getImplementationVersion();
        return version != null ? version : stamped("version", "dev");
    }

    /** The abbreviated commit, with ", modified" when the tree had changes; "unknown" outside a git checkout. */
    public static String commit() {
        String commit = stamped("commit", "unknown");
        return modified() ? commit + ", modified" : commit;
    }

    /** The commit alone, or null when unknown. */
    public static String commitId() {
        String commit = stamped("commit", null);
        return commit;
    }

    /** Whether the working tree had changes the commit does not hold. */
    public static boolean modified() {
        return "true".equals(stamped("dirty", "false"));
    }

    /** {@code billctl/0.1.0 (+java 17.0.15)}: what every request says it comes from. */
    public static String userAgent() {
        String known = userAgent;
        if (known == null) userAgent = known = "billctl/" + version() + " (+java " + System.getProperty("java.version") + ")";
        return known;
    }

    /** A property the build filled in, or {@code otherwise} when it was left as its ${placeholder}. */
    private static String stamped(String key, String otherwise) {
        Properties build = stamped;
        if (build == null) {
            build = new Properties();
            try (InputStream in = BuildInfo.class.getClassLoader().getResourceAsStream(RESOURCE)) {
                if (in != null) build.load(in);
            } catch (IOException e) {
                // The commit is a courtesy: nothing fails for want of it.
            }
            stamped = build;
        }
        String value = build.getProperty(key);
        return value == null || value.isBlank() || value.contains("${") ? otherwise : value.strip();
    }
}
