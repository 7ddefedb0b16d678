package io.billctl.cli;

import io.billctl.core.backend.Backend;
import io.billctl.core.backend.Backends;
import io.billctl.core.backend.Update;
import io.billctl.portabilling.PortabillingBackend;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code billctl account update I_ACCOUNT}: PortaBilling. */
@Command(name = "update", header = "Update a PortaBilling account.",
        description = {"Sends POST {url}/rest/Account/update_account with {\"params\":{\"account_info\":{\"i_account\":I_ACCOUNT,...}}} "
                + "holding the fields given, and only those. Every writable scalar of account_info has a flag; nested objects and lists "
                + "(assigned_addons, service_features, aux_fields, sim_card_info, ...) go through --set NAME=JSON or -f, checked against "
                + "their documented members. Fields the vendor marks read-only or fixed after creation are refused with its reason. "
                + "The session from Session/login is cached and renewed once when the server says it expired.", ""},
        footerHeading = "%nExamples:%n",
        footer = {"  billctl -p sandbox account update 55 --credit-limit 150.5 --email noc@example.com",
                "  billctl account update 55 --set 'assigned_addons=[{\"i_product\":604,\"addon_effective_from\":\"2022-04-01 00:00:00\"}]'",
                "  billctl account update 55 --blocked Y --expiration-date 2027-01-31 -o json",
                "  billctl account update 55 -f account_info.json --release-assigned-did 0"})
public final class AccountUpdateCommand extends UpdateCommand {
    @Option(names = "--release-assigned-did", paramLabel = "<0|1>", order = 505, completionCandidates = ZeroOne.class,
            description = "Whether a previously assigned DID number goes back to the pool: 0 keeps it, 1 releases it (the vendor's default).")
    Integer releaseAssignedDid;

    @Override
    protected Backend backend() {
        return Backends.require(PortabillingBackend.ID);
    }

    @Override
    protected Update withExtras(Update update) {
        if (releaseAssignedDid == null) return update;
        if (releaseAssignedDid != 0 && releaseAssignedDid != 1) {
            throw io.billctl.core.BillctlException.usage("--release-assigned-did must be 0 or 1, got " + releaseAssignedDid);
        }
        return update.withExtra("release_assigned_did", releaseAssignedDid.toString());
    }

    /** Completion candidates for a 0-or-1 option. */
    static final class ZeroOne implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return java.util.List.of("0", "1").iterator();
        }
    }
}
