package io.billctl.enswitch;

import io.billctl.core.backend.Backend;
import io.billctl.core.backend.ClientContext;
import io.billctl.core.backend.CommandText;
import io.billctl.core.backend.CredentialKind;
import io.billctl.core.backend.Ids;
import io.billctl.core.backend.RunOption;
import io.billctl.core.backend.UpdateClient;
import io.billctl.core.catalog.Catalog;
import java.util.List;

/** Enswitch: {@code POST {url}/api/json/unlimited/update/} with the credentials in the form body. */
public final class EnswitchBackend implements Backend {
    @Override public String id() { return "enswitch"; }
    @Override public String displayName() { return "Enswitch"; }
    @Override public String group() { return "unlimited"; }
    @Override public Catalog catalog() { return EnswitchCatalog.CATALOG; }
    @Override public String idName() { return "id"; }
    @Override public CredentialKind credentials() { return CredentialKind.USERNAME_PASSWORD; }

    @Override
    public CommandText groupText() {
        return new CommandText("Enswitch unlimited access accounts.",
                "Commands on Enswitch unlimited access accounts (POST {url}/api/json/unlimited/update/).");
    }

    @Override
    public CommandText updateText() {
        return new CommandText("Update an Enswitch unlimited access account.",
                "Sends POST {url}/api/json/unlimited/update/ with the parameters given, and only those, "
                        + "as a form body that also carries auth_username and auth_password (never the URL). "
                        + "Every documented parameter has a flag and is checked by its rule before anything is sent; "
                        + "--validate-only asks the server to check them too, changing nothing.",
                List.of("billctl -p sandbox unlimited update 1 --name \"Night plan\" --starthour 20 --endhour 6 --days-week 1,2,3,4,5",
                        "billctl unlimited update 7 --maximum-cost -1 --locked 0 --validate-only",
                        "billctl unlimited update 7 -f plan.json --cos 1 -o json"));
    }

    @Override
    public List<RunOption> updateOptions() {
        return List.of(RunOption.flag("--validate-only", "validation", "1",
                "Send validation=1: the server checks the input and answers 201, changing nothing."));
    }

    @Override
    public String checkId(String text) {
        return Ids.positiveInteger(text, "unlimited access account ID");
    }

    @Override
    public UpdateClient client(ClientContext context) {
        return new EnswitchClient(context);
    }
}
