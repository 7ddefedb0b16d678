package io.billctl.cli;

import io.billctl.core.BillctlException;
import io.billctl.core.backend.Backend;
import io.billctl.core.http.Redactor;
import io.billctl.core.read.Projection;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** The options {@code get} and {@code list} share: which fields, all of them, secrets or not. */
final class ReadOptions {
    private final OptionSpec fields;
    private final OptionSpec allFields;
    private final OptionSpec showSecrets;

    ReadOptions(CommandSpec spec) {
        fields = add(spec, OptionSpec.builder("--fields").paramLabel("NAME,...").type(List.class).auxiliaryTypes(String.class).splitRegex(",")
                .order(700).description("Only these fields, in this order (the id always first): the columns of a table or a CSV."));
        allFields = add(spec, OptionSpec.builder("--all-fields").type(boolean.class).order(701)
                .description("Every field the server returned, the read-only ones too (what it shows cannot all go back through update)."));
        showSecrets = add(spec, OptionSpec.builder("--show-secrets").type(boolean.class).order(702)
                .description("Include the secrets the server returns in clear (account passwords, a SIM card's keys), which are otherwise left out."));
    }

    private static OptionSpec add(CommandSpec spec, OptionSpec.Builder builder) {
        OptionSpec option = builder.build();
        spec.addOption(option);
        return option;
    }

    /** How the accounts are shown; {@code columns} what a table shows when --fields does not say. */
    Projection projection(Backend backend, Redactor redactor, List<String> columns) {
        List<String> named = fields.getValue();
        boolean all = Boolean.TRUE.equals(allFields.getValue());
        boolean secrets = Boolean.TRUE.equals(showSecrets.getValue());
        if (named != null) {
            List<String> clean = new ArrayList<>();
            for (String name : named) {
                if (name.isBlank()) throw BillctlException.usage("--fields takes names separated by commas, got an empty one");
                clean.add(name.trim());
            }
            return new Projection(backend, clean, true, all, secrets, redactor);
        }
        return new Projection(backend, all ? List.of() : columns, false, all, secrets, redactor);
    }
}
