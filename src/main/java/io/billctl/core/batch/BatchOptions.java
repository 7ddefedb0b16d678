package io.billctl.core.batch;

import io.billctl.core.output.Progress;
import java.nio.file.Path;

/**
 * How a batch runs: where the records come from ({@code -} for stdin) and in which format,
 * how many requests may be in flight, how fast, where outcomes are journaled, and whether to
 * skip what a journal shows as done (and whether to send again what it shows as in flight), whether
 * to stop at the first failure, after how many server failures in a row to stop, and where to
 * write the failed records, and whether to show each record's changes ({@code --diff}; with
 * {@code --dry-run}, read every account and show what would change, sending nothing), and how its
 * progress shows ({@code --progress}).
 */
public record BatchOptions(String file, Format format, int parallel, double ratePerSecond, Path journal, boolean resume,
                           boolean resumeUncertain, boolean failFast, int maxConsecutiveFailures, Path failedOut, boolean diff,
                           Progress.Mode progress) {
    public enum Format { jsonl, csv }

    public static final int DEFAULT_PARALLEL = 16;
    public static final int MAX_PARALLEL = 256;
    /** Failures in a row, each after its retries, that mean the server stopped answering. */
    public static final int DEFAULT_MAX_CONSECUTIVE_FAILURES = 20;
}
