package io.billctl.core.batch;

import io.billctl.core.input.Encoding;
import io.billctl.core.output.Progress;
import java.nio.file.Path;

/**
 * How a batch runs: where the records come from ({@code -} for stdin) and in which format,
 * how many requests may be in flight, how fast, where outcomes are journaled, and whether to
 * skip what a journal shows as done (and whether to send again what it shows as in flight), whether
 * to stop at the first failure, after how many server failures in a row to stop, and where to
 * write the failed records, and whether to show each record's changes ({@code --diff}; with
 * {@code --dry-run}, read every account and show what would change, sending nothing), how its
 * progress shows ({@code --progress}); the file's encoding ({@code --encoding}) and a CSV file's
 * delimiter ({@code --csv-delimiter}; null: found from its header).
 */
public record BatchOptions(String file, Format format, int parallel, double ratePerSecond, Path journal, boolean resume,
                           boolean resumeUncertain, boolean failFast, int maxConsecutiveFailures, Path failedOut, boolean diff,
                           Progress.Mode progress, Encoding encoding, Character csvDelimiter) {
    public enum Format { jsonl, csv }

    /** A run of a UTF-8 file, the CSV delimiter found from its header. */
    public BatchOptions(String file, Format format, int parallel, double ratePerSecond, Path journal, boolean resume,
                        boolean resumeUncertain, boolean failFast, int maxConsecutiveFailures, Path failedOut, boolean diff,
                        Progress.Mode progress) {
        this(file, format, parallel, ratePerSecond, journal, resume, resumeUncertain, failFast, maxConsecutiveFailures, failedOut, diff,
                progress, Encoding.UTF_8, null);
    }

    /** The same run, reading its file in {@code encoding} with {@code csvDelimiter} (null: found from the header). */
    public BatchOptions reading(Encoding encoding, Character csvDelimiter) {
        return new BatchOptions(file, format, parallel, ratePerSecond, journal, resume, resumeUncertain, failFast, maxConsecutiveFailures,
                failedOut, diff, progress, encoding, csvDelimiter);
    }

    public static final int DEFAULT_PARALLEL = 16;
    public static final int MAX_PARALLEL = 256;
    /** Failures in a row, each after its retries, that mean the server stopped answering. */
    public static final int DEFAULT_MAX_CONSECUTIVE_FAILURES = 20;
}
