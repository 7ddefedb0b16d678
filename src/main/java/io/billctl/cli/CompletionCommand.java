package io.billctl.cli;

import io.billctl.core.BillctlException;
import io.billctl.core.ExitCode;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code billctl completion bash|zsh|fish}: prints the completion script the build generated. */
@Command(name = "completion", header = "Print the bash, zsh or fish completion script.",
        description = "The scripts complete subcommands and options (global ones before or after the subcommand), each option's "
                + "values, file names where a file is wanted, the profile names of the config file the line uses (--config, "
                + "$BILLCTL_CONFIG or the default one) and the catalog's field names for --set, --unset, --expect and --fields. "
                + "The shell reads the config itself: no JVM starts at a TAB.",
        footerHeading = "%nExamples:%n",
        footer = {"  source <(billctl completion bash)    # bash, this shell only",
                "  mkdir -p ~/.local/share/bash-completion/completions",
                "  billctl completion bash \\",
                "      > ~/.local/share/bash-completion/completions/billctl",
                "  mkdir -p ~/.zfunc && billctl completion zsh > ~/.zfunc/_billctl",
                "  # zsh: then put fpath=(~/.zfunc $fpath) before compinit in ~/.zshrc",
                "  mkdir -p ~/.config/fish/completions",
                "  billctl completion fish > ~/.config/fish/completions/billctl.fish"})
public final class CompletionCommand implements Callable<Integer> {
    enum Shell { bash, zsh, fish }

    private final Invocation invocation;

    CompletionCommand(Invocation invocation) {
        this.invocation = invocation;
    }

    @Parameters(index = "0", paramLabel = "SHELL", description = "One of: ${COMPLETION-CANDIDATES}.")
    Shell shell;

    @Override
    public Integer call() {
        String name = DocsGenerator.RESOURCE_DIR + switch (shell) {
            case bash -> DocsGenerator.BASH;
            case zsh -> DocsGenerator.ZSH;
            case fish -> DocsGenerator.FISH;
        };
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
