package io.billctl.docs;

/** billctl's fish completion, typed on an interactive fish on a pseudo-terminal. */
class FishTerminalCompletionTest extends ShellCompletionContract {
    @Override
    CompletionSession.Kind kind() {
        return CompletionSession.Kind.FISH;
    }

    @Override
    boolean describes() {
        return true;
    }
}
