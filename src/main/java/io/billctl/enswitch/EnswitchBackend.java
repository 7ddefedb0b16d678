package io.billctl.enswitch;

import io.billctl.core.backend.Backend;
import io.billctl.core.backend.ClientContext;
import io.billctl.core.backend.CredentialKind;
import io.billctl.core.backend.Ids;
import io.billctl.core.backend.UpdateClient;
import io.billctl.core.catalog.Catalog;

/** Enswitch: {@code POST {url}/api/json/unlimited/update/} with the credentials in the form body. */
public final class EnswitchBackend implements Backend {
    public static final String ID = "enswitch";

    @Override public String id() { return ID; }
    @Override public String displayName() { return "Enswitch"; }
    @Override public String command() { return "unlimited update"; }
    @Override public Catalog catalog() { return EnswitchCatalog.CATALOG; }
    @Override public String idName() { return "id"; }
    @Override public CredentialKind credentials() { return CredentialKind.USERNAME_PASSWORD; }

    @Override
    public String checkId(String text) {
        return Ids.positiveInteger(text, "unlimited access account ID");
    }

    @Override
    public UpdateClient client(ClientContext context) {
        return new EnswitchClient(context);
    }
}
