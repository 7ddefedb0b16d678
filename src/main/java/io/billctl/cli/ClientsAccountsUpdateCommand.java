package io.billctl.cli;

import io.billctl.core.backend.Backend;
import io.billctl.core.backend.Backends;
import io.billctl.jerasoft.JerasoftBackend;
import picocli.CommandLine.Model.CommandSpec;

/** {@code billctl clients-accounts update ID}: JeraSoft VCS. */
public final class ClientsAccountsUpdateCommand extends UpdateCommand {
    static CommandSpec spec() {
        return new ClientsAccountsUpdateCommand().spec("Update a JeraSoft VCS client account.",
                "Sends PATCH {url}/clients/accounts/{ID} with the fields given, and only those. "
                        + "Every field the vendor documents as writable has a flag; -f reads fields from a JSON object, "
                        + "--set NAME=VALUE sets any field by its vendor name, --unset NAME sends null. "
                        + "Everything is validated before anything is sent.",
                "billctl -p sandbox clients-accounts update 1 --name \"Acme Ltd\"",
                "billctl clients-accounts update 7 --auth-type ani --ani 442071234567",
                "billctl clients-accounts update 7 --orig-tags vip,eu --no-orig-enabled -o json",
                "billctl clients-accounts update 7 -f account.json --unset notes --dry-run");
    }

    @Override
    protected Backend backend() {
        return Backends.require(JerasoftBackend.ID);
    }
}
