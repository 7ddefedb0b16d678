package io.billctl.core.batch;

import java.nio.file.Path;

/**
 * How a batch runs: where the records come from ({@code -} for stdin) and in which format,
 * how many requests may be in flight, how fast, where outcomes are journaled, and whether to
 * skip what a journal shows as done or stop at the first failure.
 */
public record BatchOptions(String file, Format format, int parallel, double ratePerSecond, Path journal, boolean resume, boolean failFast) {
    public enum Format { jsonl, csv }

    public static final int DEFAULT_PARALLEL = 16;
    public static final int MAX_PARALLEL = 256;
}
