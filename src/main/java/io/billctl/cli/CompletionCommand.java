package io.billctl.cli;

import io.billctl.core.BillctlException;
import io.billctl.core.ExitCode;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code billctl completion bash|zsh}: prints the completion script the build generated. */
@Command(name = "completion", header = "Print the bash or zsh completion script.",
        description = "The scripts complete subcommands, every field flag, enumerated values, and the "
                + "profile names of your config file for -p/--profile (read by the shell, no JVM start).",
        footerHeading = "%nExamples:%n",
        footer = {"  source <(billctl completion bash)    # bash, this shell only",
                "  billctl completion bash \\",
                "      > ~/.local/share/bash-completion/completions/billctl",
                "  billctl completion zsh > ~/.zfunc/_billctl",
                "  # zsh: then put fpath=(~/.zfunc $fpath) before compinit in ~/.zshrc"})
public final class CompletionCommand implements Callable<Integer> {
    enum Shell { bash, zsh }

    private final Invocation invocation;

    CompletionCommand(Invocation invocation) {
        this.invocation = invocation;
    }

    @Parameters(index = "0", paramLabel = "SHELL", description = "One of: ${COMPLETION-CANDIDATES}.")
    Shell shell;

    @Override
    public Integer call() {
        String name = DocsGenerator.RESOURCE_DIR + (shell == Shell.bash ? DocsGenerator.BASH : DocsGenerator.ZSH);
        try (InputStream in = CompletionCommand.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) throw new BillctlException(ExitCode.UNAVAILABLE, "this build of billctl has no " + shell + " completion script (" + name + ")");
            invocation.env().out().write(in.readAllBytes());
            invocation.env().out().flush();
        } catch (IOException e) {
            throw new BillctlException(ExitCode.UNAVAILABLE, "cannot read the completion script: " + e.getMessage(), e);
        }
        return ExitCode.OK;
    }
}
