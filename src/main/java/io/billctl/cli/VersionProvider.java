package io.billctl.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code billctl --version}: the version the build stamped into the jar. */
public final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = VersionProvider.class.getPackage().getImplementationVersion();
        return new String[] {"billctl " + (version == null ? "dev" : version)};
    }
}
