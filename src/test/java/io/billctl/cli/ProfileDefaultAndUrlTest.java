package io.billctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.billctl.sandbox.JerasoftEmulator;
import io.billctl.testing.AgainstSandbox;
import io.billctl.testing.Billctl;
import io.billctl.testing.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 21: the profile that becomes the default says so, and so does removing the default; a
 * profile's URL is checked when it is added (one exit-2 line, nothing written) and when a hand-edited
 * file is used.
 */
class ProfileDefaultAndUrlTest extends AgainstSandbox {
    @TempDir Path home;

    @Test
    void theFirstProfileAndTheOneAfterTheDefaultWasRemovedSayTheyBecameTheDefault() throws Exception {
        Billctl billctl = new Billctl(home);
        Run first = billctl.run("profile", "add", "a", "--backend", "jerasoft", "--url", sandbox.url("/jerasoft/api"), "--api-key-env", "K").exits(0);
        assertTrue(first.err().contains("'a' is now the default profile, as the first one: calls without -p use it"), first.err());
        Run second = billctl.run("profile", "add", "b", "--backend", "jerasoft", "--url", "https://vcs.example.com/api", "--api-key-env", "K").exits(0);
        assertFalse(second.err().contains("default"), "a second profile leaves the default alone: " + second.err());

        Run removed = billctl.run("profile", "remove", "a").exits(0);
        assertTrue(removed.err().contains("'a' was the default profile; now none is"), removed.err());
        assertTrue(removed.err().contains("(profiles: b)"), removed.err());
        assertFalse(Files.readString(billctl.configFile()).contains("default_profile"));
        Run noneChosen = billctl.run("clients-accounts", "update", "1", "--name", "x").exits(2).oneErrorLine();
        assertTrue(noneChosen.errorLine().contains("no profile chosen"), noneChosen.err());

        Run third = billctl.run("profile", "add", "c", "--backend", "jerasoft", "--url", sandbox.url("/jerasoft/api"), "--api-key-env", "K").exits(0);
        assertTrue(third.err().contains("'c' is now the default profile, since no other profile was (the default had been removed)"), third.err());
        assertTrue(Files.readString(billctl.configFile()).contains("default_profile = \"c\""));
        billctl.env("K", JerasoftEmulator.API_KEY).run("clients-accounts", "update", "1", "--name", "Via the new default").exits(0);
        assertEquals(1, sandbox.requests().size(), "sent to the new default's URL");

        Run notDefault = billctl.run("profile", "remove", "b").exits(0);
        assertFalse(notDefault.err().contains("default"), notDefault.err());
    }

    @Test
    void aUrlTheTransportCannotUseIsRefusedWithOneLineAndNothingWritten() throws Exception {
        Billctl billctl = new Billctl(home);
        Map<String, String> refused = Map.ofEntries(
                Map.entry("https://vcs.example.com/api?key=1#top", "'https://vcs.example.com/api?key=…#…' has a query (?key=…)"),
                Map.entry("https://vcs.example.com/api#top", "'https://vcs.example.com/api#…' has a fragment"),
                Map.entry("http://vcs.example.com:99999/api", "has the port 99999; a port is a number from 1 to 65535"),
                Map.entry("http://vcs.example.com:0/api", "has the port 0"),
                Map.entry("http://vcs.example.com:/api", "has ':' but no port after it"),
                Map.entry("http://vcs.example.com:80a/api", "has the port 80a"),
                Map.entry("ftp://vcs.example.com/api", "has the scheme 'ftp'; billctl speaks http:// and https://"),
                Map.entry("vcs.example.com/api", "is not a URL: it should start with http:// or https://"),
                Map.entry("https:///api", "names no host"),
                Map.entry("https://user:pw@vcs.example.com/api", "must not carry credentials"),
                Map.entry("https://vcs..example.com/api", "has an invalid host 'vcs..example.com'"),
                Map.entry("https://vcs example.com/api", "'vcs example.com': ' ' is not allowed in a host name"),
                Map.entry("https://300.1.1.1/api", "each number of an IPv4 address is 0 to 255"),
                Map.entry("https://[::1/api", "without its closing ']'"),
                Map.entry("https://vcs.example.com/a b", "is not a valid URL"),
                Map.entry("", "--url is empty"));
        refused.forEach((url, why) -> {
            Run run = billctl.run("profile", "add", "p", "--backend", "jerasoft", "--url", url, "--api-key-env", "K").exits(2).oneErrorLine();
            assertTrue(run.errorLine().startsWith("error: --url "), run.err());
            assertTrue(run.errorLine().contains(why), url + ": " + run.err());
            assertFalse(Files.exists(billctl.configFile()), url + " wrote the config file");
        });
    }

    /**
     * A URL's query or fragment may hold a key (BILLCTL_URL='https://h/api?key=...'): the refusal names the
     * query's parameters and says none of their values, nor the fragment, nor credentials before the host.
     */
    @Test
    void aRefusedUrlSaysNoValueOfItsQuery() {
        String key = "Env4piKeyValue99";
        Billctl billctl = new Billctl(home).secret(key).env("BILLCTL_BACKEND", "jerasoft").env("BILLCTL_API_KEY", "x");
        Map<String, String> refused = Map.of(
                "http://h/api?key=" + key, "BILLCTL_URL 'http://h/api?key=\u2026' has a query (?key=\u2026)",
                "http://h/api?user=ops&key=" + key + ";tok=" + key, "has a query (?user=\u2026&key=\u2026;tok=\u2026)",
                "http://h/api?" + key, "has a query (?\u2026)",
                "http://h/api#access_token=" + key, "BILLCTL_URL 'http://h/api#\u2026' has a fragment",
                "ftp://ops:" + key + "@h/api?key=" + key, "BILLCTL_URL must not carry credentials",
                "ops:" + key + "@h/api", "BILLCTL_URL must not carry credentials",
                // A password holding '/', '?', '#' or ':' was taken for a path, query, fragment or port, and quoted.
                "https://admin:S3cr/" + key + "@vcs.example.com/api", "BILLCTL_URL must not carry credentials",
                "https://admin:S3c?" + key + "@vcs.example.com/api", "BILLCTL_URL must not carry credentials",
                "https://admin:S3c#" + key + "@vcs.example.com/api", "BILLCTL_URL must not carry credentials");
        refused.forEach((url, why) -> {
            Run run = billctl.env("BILLCTL_URL", url).run("clients-accounts", "get", "7").exits(2).oneErrorLine();
            assertTrue(run.errorLine().contains(why), url + ": " + run.err());
        });
        Run added = billctl.run("profile", "add", "p", "--backend", "jerasoft", "--url", "http://h/api?key=" + key, "--api-key-env", "K")
                .exits(2).oneErrorLine();
        assertTrue(added.errorLine().contains("--url 'http://h/api?key=\u2026' has a query (?key=\u2026)"), added.err());
    }

    @Test
    void underscoresIpv6AndAnUpperCaseSchemeAreAcceptedAndWork() throws Exception {
        Billctl billctl = new Billctl(home).env("K", JerasoftEmulator.API_KEY).secret(JerasoftEmulator.API_KEY);
        billctl.run("profile", "add", "compose", "--backend", "jerasoft", "--url", "http://billing_api:3080/api", "--api-key-env", "K").exits(0);
        billctl.run("profile", "add", "v6", "--backend", "jerasoft", "--url", "http://[::1]:8080/api", "--api-key-env", "K").exits(0);
        String loopback = sandbox.url("/jerasoft/api").replace("http://", "HTTP://");
        billctl.run("profile", "add", "upper", "--backend", "jerasoft", "--url", loopback, "--api-key-env", "K").exits(0);
        String config = Files.readString(billctl.configFile());
        assertTrue(config.contains("url = \"http://billing_api:3080/api\""), config);
        assertTrue(config.contains("url = \"" + sandbox.url("/jerasoft/api") + "\""), "the scheme is stored in lower case: " + config);
        billctl.run("-p", "upper", "clients-accounts", "update", "1", "--name", "Upper").exits(0);
        // my_host-style names reach the transport, which fails to resolve them here: a network error, not a usage one.
        Run compose = billctl.run("-p", "compose", "clients-accounts", "update", "1", "--name", "x", "--retries", "0").exits(5).oneErrorLine();
        assertTrue(compose.errorLine().contains("billing_api"), compose.err());
    }

    @Test
    void aHandEditedUrlThatCannotWorkIsAUsageErrorNamingTheProfile() {
        Billctl billctl = new Billctl(home).env("K", JerasoftEmulator.API_KEY).config("""
                [profiles.typo]
                backend = "jerasoft"
                url = "http://vcs.example.com:99999/api"
                api_key_env = "K"
                """);
        Run run = billctl.run("-p", "typo", "clients-accounts", "update", "1", "--name", "x").exits(2).oneErrorLine();
        assertTrue(run.errorLine().contains("the url of profile 'typo' 'http://vcs.example.com:99999/api' has the port 99999"), run.err());
        assertFalse(run.err().contains("internal error"), run.err());
    }
}
