package io.billctl.core;

/** The exit codes of PRODUCT.md; scripts branch on these, so they never change meaning. */
public final class ExitCode {
    public static final int OK = 0;
    /** The backend refused the update, or some batch records failed. */
    public static final int REJECTED = 1;
    /** Usage or client-side validation error: nothing was sent. */
    public static final int USAGE = 2;
    /** Authentication or permission failure. */
    public static final int AUTH = 3;
    /** The account does not exist. */
    public static final int NOT_FOUND = 4;
    /** Network, timeout, or server error after retries. */
    public static final int UNAVAILABLE = 5;
    public static final int INTERRUPTED = 130;
    /** stdout's reader went away (a broken pipe, {@code | head}): 128 + SIGPIPE, what a shell shows for a process SIGPIPE ended. */
    public static final int BROKEN_PIPE = 141;

    private ExitCode() {}

    /** The stable word that JSON output carries beside the number. */
    public static String codeName(int exitCode) {
        return switch (exitCode) {
            case REJECTED -> "rejected";
            case USAGE -> "usage";
            case AUTH -> "auth";
            case NOT_FOUND -> "not_found";
            case UNAVAILABLE -> "unavailable";
            case INTERRUPTED -> "interrupted";
            case BROKEN_PIPE -> "broken_pipe";
            default -> "error";
        };
    }
}
