package io.billctl.cli;

import io.billctl.core.BillctlException;
import io.billctl.core.backend.Backend;
import io.billctl.core.backend.Backends;
import io.billctl.core.backend.Update;
import io.billctl.portabilling.PortabillingBackend;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** {@code billctl account update I_ACCOUNT}: PortaBilling. */
public final class AccountUpdateCommand extends UpdateCommand {
    static CommandSpec spec() {
        CommandSpec spec = new AccountUpdateCommand().spec("Update a PortaBilling account.",
                "Sends POST {url}/rest/Account/update_account with {\"params\":{\"account_info\":{\"i_account\":I_ACCOUNT,...}}} "
                        + "holding the fields given, and only those. Every writable scalar of account_info has a flag; nested objects and lists "
                        + "(assigned_addons, service_features, aux_fields, sim_card_info, ...) go through --set NAME=JSON or -f, checked against "
                        + "their documented members. Fields the vendor marks read-only or fixed after creation are refused with its reason. "
                        + "The session from Session/login is cached and renewed once when the server says it expired.",
                "billctl -p sandbox account update 55 --credit-limit 150.5 --email noc@example.com",
                "billctl account update 55 --set 'assigned_addons=[{\"i_product\":604,\"addon_effective_from\":\"2022-04-01 00:00:00\"}]'",
                "billctl account update 55 --blocked Y --expiration-date 2027-01-31 -o json",
                "billctl account update 55 -f account_info.json --release-assigned-did 0");
        spec.addOption(OptionSpec.builder("--release-assigned-did").paramLabel("<0|1>").type(Integer.class).order(505)
                .completionCandidates(List.of("0", "1"))
                .description("Whether a previously assigned DID number goes back to the pool: 0 keeps it, 1 releases it (the vendor's default).").build());
        return spec;
    }

    @Override
    protected Backend backend() {
        return Backends.require(PortabillingBackend.ID);
    }

    @Override
    protected Update withExtras(Update update) {
        Integer release = option("--release-assigned-did", null);
        if (release == null) return update;
        if (release != 0 && release != 1) throw BillctlException.usage("--release-assigned-did must be 0 or 1, got " + release);
        return update.withExtra("release_assigned_did", release.toString());
    }
}
