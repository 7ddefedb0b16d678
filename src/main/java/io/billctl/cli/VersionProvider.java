package io.billctl.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.billctl.core.BuildInfo;
import io.billctl.core.Json;
import java.util.List;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code billctl --version}: the version the build stamped into the jar, the git commit it was built
 * from, the Java runtime that runs it and the OS, as three lines or ({@code -o json}) one document.
 * What an operator pastes into a bug report, and what a script checks.
 */
public final class VersionProvider implements IVersionProvider {
    /**
     * picocli asks once per subcommand it adds (they inherit the root's version), though billctl prints
     * the version itself (Cli's strategy): made once, and without a lambda, which the class-data archive
     * would not hold (start-up).
     */
    private static volatile String[] made;

    @Override
    public String[] getVersion() {
        String[] known = made;
        if (known == null) {
            List<String> lines = lines();
            made = known = new String[] {lines.get(0), lines.get(1), lines.get(2)};
        }
        return known.clone();
    }

    /** {@code billctl 0.1.0 (commit …)}, then the Java runtime (version, vendor, VM, home), then the OS (name, release, architecture). */
    static List<String> lines() {
        return List.of("billctl " + BuildInfo.version() + " (commit " + BuildInfo.commit() + ")",
                "java " + System.getProperty("java.version") + " (" + property("java.vendor") + ", " + property("java.vm.name") + " "
                        + property("java.vm.version") + ") at " + property("java.home"),
                "os " + property("os.name") + " " + property("os.version") + " " + property("os.arch"));
    }

    /** The same as one JSON document in billctl's envelope. */
    static ObjectNode document() {
        ObjectNode document = Json.object().put("ok", true).put("version", BuildInfo.version());
        String commit = BuildInfo.commitId();
        if (commit == null) document.putNull("commit");
        else document.put("commit", commit);
        document.put("modified", BuildInfo.modified());
        document.putObject("java").put("version", System.getProperty("java.version")).put("vendor", property("java.vendor"))
                .put("runtime", property("java.runtime.name") + " " + property("java.runtime.version"))
                .put("vm", property("java.vm.name") + " " + property("java.vm.version")).put("home", property("java.home"));
        document.putObject("os").put("name", property("os.name")).put("version", property("os.version")).put("arch", property("os.arch"));
        return document;
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        return value == null || value.isBlank() ? "unknown" : value;
    }
}
