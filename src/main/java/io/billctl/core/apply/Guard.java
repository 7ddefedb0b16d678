package io.billctl.core.apply;

/**
 * What the pipeline does before it writes: read the account first ({@code --diff}, the journal's
 * before-images, {@code --skip-unchanged}; an update with expectations is always read first), and
 * leave an account that already has the values alone ({@code --skip-unchanged}).
 */
public record Guard(boolean readFirst, boolean skipUnchanged) {
    public static final Guard NONE = new Guard(false, false);

    public Guard {
        readFirst = readFirst || skipUnchanged;
    }
}
