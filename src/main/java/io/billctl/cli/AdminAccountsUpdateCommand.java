package io.billctl.cli;

import io.billctl.core.backend.Backend;
import io.billctl.core.backend.Backends;
import io.billctl.yeti.YetiBackend;
import picocli.CommandLine.Model.CommandSpec;

/** {@code billctl admin-accounts update ID}: Yeti-Switch. */
public final class AdminAccountsUpdateCommand extends UpdateCommand {
    static CommandSpec spec() {
        return new AdminAccountsUpdateCommand().spec("Update a Yeti-Switch account.",
                "Sends PUT {url}/api/rest/admin/accounts/{ID} as a JSON:API document (application/vnd.api+json) "
                        + "holding the attributes and relationships given, and only those. A JWT from {url}/api/rest/admin/auth is cached "
                        + "until it expires and renewed once when the server rejects it. The server's rules are checked first: vat 0..100, "
                        + "capacities 1..32767, max-balance >= min-balance, low threshold < high threshold, an IANA time zone. "
                        + "-f takes the whole JSON:API document or a bare attributes object.",
                "billctl -p sandbox admin-accounts update 24 --name name --max-balance 20 --invoice-period-id 3",
                "billctl admin-accounts update 24 --timezone Europe/Berlin --contractor 5 --unset invoice-template",
                "billctl admin-accounts update 24 --set send-invoices-to=[7,9] -o json");
    }

    @Override
    protected Backend backend() {
        return Backends.require(YetiBackend.ID);
    }
}
