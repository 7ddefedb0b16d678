package io.billctl.cli;

import io.billctl.core.Context;
import io.billctl.core.ExitCode;
import io.billctl.core.backend.Backend;
import io.billctl.core.read.Projection;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** {@code billctl GROUP get ID}, for every backend: one account, in the update's own field names. */
final class GetCommand implements Callable<Integer> {
    private final Invocation invocation;
    private final Backend backend;
    private final CommandSpec spec = CommandSpec.wrapWithoutInspection(this).name("get");
    private final PositionalParamSpec id;
    private final ReadOptions read;

    private GetCommand(Invocation invocation, Backend backend) {
        this.invocation = invocation;
        this.backend = backend;
        id = PositionalParamSpec.builder().index("0").arity("1").required(true).paramLabel("ID").type(String.class).description("The account to show.").build();
        spec.addPositional(id);
        read = new ReadOptions(spec);
    }

    static CommandSpec spec(Invocation invocation, Backend backend) {
        GetCommand command = new GetCommand(invocation, backend);
        HelpLayout.describe(command.spec, backend.getText());
        return command.spec;
    }

    Backend backend() {
        return backend;
    }

    @Override
    public Integer call() {
        Context context = invocation.context();
        String account = backend.checkId(id.getValue());
        Projection projection = read.projection(backend, context.redactor(), List.of());
        Projection.Shown shown = projection.show(context.connect(backend, backend.group() + " get").client().read(account));
        context.presenter().account(backend.id(), account, shown.account(), shown.masked(), projection.showSecrets(), shown.order());
        return ExitCode.OK;
    }
}
