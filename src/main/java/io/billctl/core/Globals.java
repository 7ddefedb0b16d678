package io.billctl.core;

import io.billctl.core.output.OutputFormat;
import java.nio.file.Path;

/**
 * The global options of one run, whichever side of the subcommand they were given on; retries is null
 * unless given; proxy is null unless {@code --proxy} was given (then "" means none, whatever the
 * environment says).
 */
public record Globals(String profile, OutputFormat output, Path config, boolean dryRun, boolean verbose,
                      int timeoutSeconds, Integer retries, boolean stacktrace, boolean noColor, String proxy) {}
