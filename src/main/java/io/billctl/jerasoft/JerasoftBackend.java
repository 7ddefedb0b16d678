package io.billctl.jerasoft;

import io.billctl.core.backend.Backend;
import io.billctl.core.backend.ClientContext;
import io.billctl.core.backend.CredentialKind;
import io.billctl.core.backend.Ids;
import io.billctl.core.backend.UpdateClient;
import io.billctl.core.catalog.Catalog;

/** JeraSoft VCS: {@code PATCH {url}/clients/accounts/{id}} with an {@code X-Api-Key} header. */
public final class JerasoftBackend implements Backend {
    public static final String ID = "jerasoft";

    @Override public String id() { return ID; }
    @Override public String displayName() { return "JeraSoft VCS"; }
    @Override public String command() { return "clients-accounts update"; }
    @Override public Catalog catalog() { return JerasoftCatalog.CATALOG; }
    @Override public String idName() { return "id"; }
    @Override public CredentialKind credentials() { return CredentialKind.API_KEY; }

    @Override
    public String checkId(String text) {
        return Ids.positiveInteger(text, "account ID");
    }

    @Override
    public UpdateClient client(ClientContext context) {
        return new JerasoftClient(context);
    }
}
