package io.billctl.docs;

/** billctl's bash completion, typed on an interactive bash on a pseudo-terminal. */
class BashTerminalCompletionTest extends ShellCompletionContract {
    @Override
    CompletionSession.Kind kind() {
        return CompletionSession.Kind.BASH;
    }

    @Override
    boolean describes() {
        return false;
    }
}
