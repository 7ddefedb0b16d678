package io.billctl.portabilling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.billctl.core.BillctlException;
import io.billctl.core.backend.Backend;
import io.billctl.core.backend.ClientContext;
import io.billctl.core.backend.CredentialKind;
import io.billctl.core.backend.Ids;
import io.billctl.core.backend.Update;
import io.billctl.core.backend.UpdateClient;
import io.billctl.core.catalog.Catalog;
import java.util.List;

/** PortaBilling: {@code POST {url}/rest/Account/update_account} with a session from {@code Session/login}. */
public final class PortabillingBackend implements Backend {
    public static final String ID = "portabilling";

    @Override public String id() { return ID; }
    @Override public String displayName() { return "PortaBilling"; }
    @Override public String command() { return "account update"; }
    @Override public Catalog catalog() { return PortabillingCatalog.CATALOG; }
    @Override public String idName() { return "i_account"; }
    @Override public CredentialKind credentials() { return CredentialKind.USERNAME_PASSWORD_OR_TOKEN; }

    @Override
    public String checkId(String text) {
        return Ids.positiveInteger(text, "I_ACCOUNT");
    }

    /** A bare account_info object, or the whole request {@code {"params":{"account_info":{…}}}}. */
    @Override
    public ObjectNode fieldsOf(ObjectNode document) {
        JsonNode params = document.get("params");
        if (params == null) return document;
        JsonNode info = params.get("account_info");
        if (!(info instanceof ObjectNode accountInfo)) {
            throw BillctlException.usage("the request document's params must hold an account_info object");
        }
        return accountInfo;
    }

    /** The vendor page's warning: a new main product without add-ons removes the account's add-ons. */
    @Override
    public List<String> warnings(Update update) {
        if (update.fields().has("i_product") && !update.fields().has("assigned_addons")) {
            return List.of("changing i_product without assigned_addons removes the account's add-on products"
                    + " (PortaBilling); pass --set assigned_addons=[...] to keep them");
        }
        return List.of();
    }

    @Override
    public UpdateClient client(ClientContext context) {
        return new PortabillingClient(context);
    }
}
