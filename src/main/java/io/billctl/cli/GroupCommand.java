package io.billctl.cli;

import io.billctl.core.backend.Backend;
import io.billctl.core.backend.CommandText;
import picocli.CommandLine.Model.CommandSpec;

/** {@code billctl GROUP}: one vendor's commands under the name of its resource, all from the backend's own description. */
final class GroupCommand {
    private GroupCommand() {}

    static CommandSpec spec(Invocation invocation, Backend backend) {
        CommandText text = backend.groupText();
        CommandSpec group = CommandSpec.create().name(backend.group());
        group.usageMessage().header(text.header()).description(text.description());
        group.addSubcommand("get", GetCommand.spec(invocation, backend));
        group.addSubcommand("list", ListCommand.spec(invocation, backend));
        group.addSubcommand("update", UpdateCommand.spec(invocation, backend));
        return group;
    }
}
