package io.billctl.testing;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * One backend as a {@link ScriptedServer} plays it: its login (PortaBilling's session, Yeti's JWT)
 * answered as the vendor would, so that the update's own request meets whatever script the test
 * chose; the profile that points billctl at it; the update command; and the vendor's own bodies
 * (its success, its not-found, an error message carrying any text).
 */
public enum HostileVendor {
    JERASOFT("jerasoft", "JeraSoft", "/api", List.of("clients-accounts", "update", "1", "--name", "x")) {
        @Override public Reply success() { return new Reply(200, "application/json", "1"); }
        @Override public Reply wrongShape() { return new Reply(200, "application/json", "{\"error\":{\"message\":\"Login required\"}}"); }
        @Override public Reply notFound() {
            return new Reply(404, "application/json", "{\"error\":{\"message\":\"not_found: Object was not found\",\"data\":{\"code\":\"not_found\","
                    + "\"message\":\"Object \\\"clients_accounts(1)\\\" was not found!\",\"object_name\":\"clients_accounts\",\"object_id\":\"1\"}}}");
        }
        @Override public Reply refusal(String jsonString) {
            return new Reply(422, "application/json", "{\"error\":{\"message\":\"x\",\"data\":{\"code\":\"x\",\"message\":" + jsonString + "}}}");
        }
    },
    ENSWITCH("enswitch", "Enswitch", "", List.of("unlimited", "update", "1", "--name", "x")) {
        @Override public Reply success() { return new Reply(200, "application/json", "{\"responses\":[{\"code\":\"204\",\"key\":\"\",\"message\":\"OK\"}]}"); }
        @Override public Reply wrongShape() { return new Reply(200, "application/json", "{\"ok\":true}"); }
        @Override public Reply notFound() {
            return new Reply(200, "application/json", "{\"responses\":[{\"code\":\"404\",\"key\":\"id\",\"message\":\"Unlimited access account 1 does not exist.\"}]}");
        }
        @Override public Reply refusal(String jsonString) {
            return new Reply(200, "application/json", "{\"responses\":[{\"code\":\"400\",\"key\":\"name\",\"message\":" + jsonString + "}]}");
        }
    },
    PORTABILLING("portabilling", "PortaBilling", "", List.of("account", "update", "1", "--firstname", "x")) {
        @Override public Reply success() { return new Reply(200, "application/json", "{\"i_account\":1}"); }
        @Override public Reply wrongShape() { return new Reply(200, "application/json", "{\"i_account\":2}"); }
        @Override public Reply notFound() {
            return new Reply(500, "application/json", "{\"faultcode\":\"Server.Account.update_account.not_found\",\"faultstring\":\"Account 1 not found\"}");
        }
        /** update_account's not-found code is not public: billctl reads the account, and get_account_info answers {} for a missing one. */
        @Override public ScriptedServer.Script notFoundScript() {
            return (request, out) -> {
                if (request.target().endsWith("/rest/Account/get_account_info")) ScriptedServer.write(out, 200, "application/json", "{}".getBytes(StandardCharsets.UTF_8));
                else notFound().write(out);
            };
        }
        @Override public Reply refusal(String jsonString) {
            return new Reply(500, "application/json", "{\"faultcode\":\"Client.Account.update_account.validation_error\",\"faultstring\":" + jsonString + "}");
        }
    },
    YETI("yeti", "Yeti-Switch", "", List.of("admin-accounts", "update", "1", "--name", "x")) {
        @Override public Reply success() {
            return new Reply(200, "application/vnd.api+json", "{\"data\":{\"type\":\"accounts\",\"id\":\"1\",\"attributes\":{\"name\":\"x\"}}}");
        }
        @Override public Reply wrongShape() {
            return new Reply(200, "application/vnd.api+json", "{\"data\":{\"type\":\"accounts\",\"id\":\"2\",\"attributes\":{\"name\":\"x\"}}}");
        }
        @Override public Reply notFound() {
            return new Reply(404, "application/vnd.api+json", "{\"errors\":[{\"title\":\"Record not found\","
                    + "\"detail\":\"The record identified by 1 could not be found.\",\"code\":\"404\",\"status\":\"404\"}]}");
        }
        @Override public Reply refusal(String jsonString) {
            return new Reply(422, "application/vnd.api+json", "{\"errors\":[{\"title\":\"is invalid\",\"detail\":" + jsonString
                    + ",\"code\":\"100\",\"source\":{\"pointer\":\"/data/attributes/name\"},\"status\":\"422\"}]}");
        }
    };

    /** The secret every profile here uses: every run is checked for it. */
    public static final String SECRET = "hostile-test-secret-4711";
    /** The token and JWT the logins hand out; masked like any secret. */
    public static final String TOKEN = "hostile-session-token-0815";

    /** A status, content type and body. */
    public record Reply(int status, String contentType, String body) {
        public ScriptedServer.Script script() {
            return ScriptedServer.answer(status, contentType, body);
        }

        public void write(OutputStream out) throws java.io.IOException {
            ScriptedServer.write(out, status, contentType, body.getBytes(StandardCharsets.UTF_8));
        }
    }

    public final String id;
    public final String vendor;
    private final String basePath;
    private final List<String> update;

    HostileVendor(String id, String vendor, String basePath, List<String> update) {
        this.id = id;
        this.vendor = vendor;
        this.basePath = basePath;
        this.update = update;
    }

    /** The vendor's success for account 1. */
    public abstract Reply success();

    /** JSON with status 200 that is not the vendor's success for account 1. */
    public abstract Reply wrongShape();

    /** The vendor's own "account 1 does not exist". */
    public abstract Reply notFound();

    /** A script that answers as the vendor does for an account that does not exist: its not-found, and whatever else it says then. */
    public ScriptedServer.Script notFoundScript() {
        return notFound().script();
    }

    /** The vendor refusing the update with {@code jsonString} (a JSON string literal) as its message. */
    public abstract Reply refusal(String jsonString);

    /** The update of account 1 as billctl's arguments, with more after them. */
    public String[] update(String... more) {
        List<String> args = new java.util.ArrayList<>(update);
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    /** Whether a request is this vendor's login, which {@link #serve} answers itself. */
    public boolean isLogin(ScriptedServer.Request request) {
        return request.target().endsWith("/rest/Session/login") || request.target().endsWith("/api/rest/admin/auth");
    }

    /** A script that answers the login as the vendor would and hands every other request to {@code update}. */
    public ScriptedServer.Script serve(ScriptedServer.Script update) {
        return (request, out) -> {
            if (request.target().endsWith("/rest/Session/login")) {
                ScriptedServer.write(out, 200, "application/json", ("{\"access_token\":\"" + TOKEN + "\",\"refresh_token\":\"r-" + TOKEN
                        + "\",\"expires_at\":\"2099-01-01 00:00:00\",\"session_id\":\"s-" + TOKEN + "\"}").getBytes(StandardCharsets.UTF_8));
            } else if (request.target().endsWith("/api/rest/admin/auth")) {
                ScriptedServer.write(out, 201, "application/json", ("{\"jwt\":\"" + TOKEN + "\"}").getBytes(StandardCharsets.UTF_8));
            } else {
                update.answer(request, out);
            }
        };
    }

    /** The requests that were not logins: the updates billctl sent. */
    public List<ScriptedServer.Request> updates(ScriptedServer server) {
        return server.requests().stream().filter(r -> !isLogin(r)).toList();
    }

    /** The config file of one profile, "h", the default, pointing at {@code server}; its secret in $HOSTILE_SECRET. */
    public String config(ScriptedServer server) {
        String url = server.url(basePath);
        String credentials = this == JERASOFT ? "api_key_env = \"HOSTILE_SECRET\"\n" : "username = \"ops\"\npassword_env = \"HOSTILE_SECRET\"\n";
        return "default_profile = \"h\"\n[profiles.h]\nbackend = \"" + id + "\"\nurl = \"" + url + "\"\n" + credentials;
    }

    /** A billctl with its own HOME, this vendor's profile, and the secrets it must never print. */
    public Billctl billctl(java.nio.file.Path home, ScriptedServer server) {
        return new Billctl(home).env("HOSTILE_SECRET", SECRET).secret(SECRET).secret(TOKEN).config(config(server));
    }

    /** The environment a subprocess needs for {@link #config}. */
    public static Map<String, String> env() {
        return Map.of("HOSTILE_SECRET", SECRET);
    }
}
