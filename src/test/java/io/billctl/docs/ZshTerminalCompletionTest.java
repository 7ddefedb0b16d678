package io.billctl.docs;

/** billctl's zsh completion, typed on an interactive zsh on a pseudo-terminal. */
class ZshTerminalCompletionTest extends ShellCompletionContract {
    @Override
    CompletionSession.Kind kind() {
        return CompletionSession.Kind.ZSH;
    }

    @Override
    boolean describes() {
        return true;
    }
}
