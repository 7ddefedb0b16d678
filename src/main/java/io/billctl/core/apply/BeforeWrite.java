package io.billctl.core.apply;

import io.billctl.core.backend.Update;
import io.billctl.core.diff.Diff;

/**
 * Called once the update is certain to go out, right before its request leaves: the batch journals
 * it there as sent, with the account's values before it ({@code diff}, null when it was not read).
 * Throwing stops the update unsent.
 */
public interface BeforeWrite {
    BeforeWrite NONE = (update, diff) -> { };

    void sending(Update update, Diff diff);
}
