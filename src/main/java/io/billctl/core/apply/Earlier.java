package io.billctl.core.apply;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * For a plan ({@link Pipeline#plan}) of several updates of one account, as a batch file that names it more
 * than once, or the undo of a run that changed it several times: the account as the updates planned before
 * this one would leave it. The run applies them one at a time, in order, each read just before it is
 * written, so that each is judged (its diff, its expectations) on what the ones before it left.
 */
public interface Earlier {
    Earlier NONE = new None();

    /** The account as read, with what the updates planned before this one would have changed on it. */
    ObjectNode onto(String id, ObjectNode read);

    /** The update would go: {@code judgedOn}, the account it was judged on, is {@code after} once it is applied. */
    void left(String id, ObjectNode judgedOn, ObjectNode after);

    /** A single update, or accounts named once: the account as read. A class, not a lambda (start-up). */
    final class None implements Earlier {
        @Override
        public ObjectNode onto(String id, ObjectNode read) {
            return read;
        }

        @Override
        public void left(String id, ObjectNode judgedOn, ObjectNode after) {
            // nothing comes after
        }
    }
}
