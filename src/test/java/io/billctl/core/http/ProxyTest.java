package io.billctl.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.billctl.core.BuildInfo;
import io.billctl.sandbox.EmulatorRequest;
import io.billctl.sandbox.JerasoftEmulator;
import io.billctl.testing.Billctl;
import io.billctl.testing.Run;
import io.billctl.testing.Sandbox;
import io.billctl.testing.TestCertificate;
import io.billctl.testing.TestProxy;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 21: an operator behind a proxy. Updates reach the sandbox through {@link TestProxy}, a real proxy
 * on loopback: https in a CONNECT tunnel from {@code HTTPS_PROXY} (the sandbox served over TLS as
 * {@code billing.test}, a name only the proxy resolves), http in absolute form from {@code HTTP_PROXY};
 * the proxy's credentials go in Proxy-Authorization and appear in no output, {@code -v} included;
 * {@code NO_PROXY}, loopback and {@code --proxy} decide which requests go through it.
 */
class ProxyTest {
    static final String HOST = "billing.test";
    static final String PROXY_PASSWORD = "proxy-s3cret!pw";
    @TempDir static Path certs;
    static Sandbox https;
    static Sandbox http;
    static Path caPem;
    @TempDir Path home;
    TestProxy proxy;

    @BeforeAll
    static void startSandboxes() throws Exception {
        TestCertificate certificate = TestCertificate.make(certs, HOST, "dns:" + HOST);
        caPem = certificate.pem();
        https = Sandbox.startTls(certificate.server());
        http = Sandbox.start();
    }

    @AfterAll
    static void stop() {
        https.close();
        http.close();
    }

    @BeforeEach
    void startProxy() throws Exception {
        https.reset();
        http.reset();
        proxy = new TestProxy(List.of(HOST), "ops", PROXY_PASSWORD);
    }

    @AfterEach
    void stopProxy() {
        proxy.close();
    }

    /** The sandbox's port in a URL whose host is billing.test. */
    private static String url(Sandbox sandbox, String path) {
        return sandbox.url(path).replace("127.0.0.1", HOST);
    }

    private Billctl billctl(String profileUrl) {
        String basic = Base64.getEncoder().encodeToString(("ops:" + PROXY_PASSWORD).getBytes(StandardCharsets.UTF_8));
        return new Billctl(home).env("K", JerasoftEmulator.API_KEY).secret(JerasoftEmulator.API_KEY).secret(PROXY_PASSWORD).secret(basic)
                .secret("proxy-s3cret%21pw")
                .config("""
                        default_profile = "vcs"
                        [profiles.vcs]
                        backend = "jerasoft"
                        url = "%s"
                        api_key_env = "K"
                        ca_cert = "%s"
                        """.formatted(profileUrl, caPem));
    }

    @Test
    void anHttpsUpdateGoesThroughAConnectTunnelFromHttpsProxy() {
        Billctl billctl = billctl(url(https, "/jerasoft/api")).env("HTTPS_PROXY", proxy.url("ops:proxy-s3cret%21pw"));
        Run run = billctl.run("clients-accounts", "update", "1", "--name", "Through the tunnel", "-o", "json").exits(0);
        assertTrue(run.json().path("ok").asBoolean(), run.out());
        assertEquals(1, proxy.tunnels(), "one CONNECT tunnel");
        assertEquals(0, proxy.forwarded());
        assertTrue(proxy.bytesRelayed() > 0);
        String connect = proxy.heads().get(0);
        assertTrue(connect.startsWith("CONNECT " + HOST + ":" + https.server().port() + " HTTP/1.1\r\n"), connect);
        assertTrue(connect.contains("Proxy-Authorization: Basic "
                + Base64.getEncoder().encodeToString(("ops:" + PROXY_PASSWORD).getBytes(StandardCharsets.UTF_8))), connect);
        assertTrue(connect.contains("User-Agent: " + BuildInfo.userAgent()), connect);
        List<EmulatorRequest> received = https.requests();
        assertEquals(1, received.size(), "the sandbox got the update, over TLS inside the tunnel");
        assertTrue(received.get(0).bodyText().contains("Through the tunnel"));
        assertEquals(HOST + ":" + https.server().port(), received.get(0).header("Host"));
    }

    @Test
    void anHttpUpdateGoesInAbsoluteFormFromHttpProxyOrItsLowerCaseForm() {
        for (String variable : List.of("HTTP_PROXY", "http_proxy")) {
            http.reset();
            Billctl billctl = billctl(url(http, "/jerasoft/api")).env("HTTP_PROXY", null).env("http_proxy", null)
                    .env(variable, proxy.url("ops:proxy-s3cret%21pw"));
            billctl.run("clients-accounts", "update", "1", "--name", "Forwarded " + variable).exits(0);
            String forwarded = proxy.heads().get(proxy.heads().size() - 1);
            assertTrue(forwarded.startsWith("PATCH http://" + HOST + ":" + http.server().port() + "/jerasoft/api/clients/accounts/1 HTTP/1.1\r\n"),
                    forwarded);
            assertTrue(forwarded.contains("Proxy-Authorization: Basic "), forwarded);
            assertEquals(1, http.requests().size(), variable);
            EmulatorRequest received = http.requests().get(0);
            assertTrue(received.bodyText().contains("Forwarded " + variable));
            assertTrue(received.header("User-Agent").matches("billctl/\\S+ \\(\\+java " + System.getProperty("java.version").replace(".", "\\.") + "\\)"),
                    received.header("User-Agent"));
            assertEquals(null, received.header("Proxy-Authorization"), "the proxy keeps its credentials to itself");
        }
        assertEquals(2, proxy.forwarded());
        assertEquals(0, proxy.tunnels());
    }

    @Test
    void theProxysCredentialsAreMaskedInTheTraceAndTheProxyIsNamed() {
        Billctl billctl = billctl(url(https, "/jerasoft/api")).env("https_proxy", proxy.url("ops:proxy-s3cret%21pw"));
        Run run = billctl.run("clients-accounts", "update", "1", "--name", "Traced", "-v").exits(0);
        assertTrue(run.err().contains("* through the proxy http://****@127.0.0.1:" + proxy.port() + " (from https_proxy)"), run.err());
        assertFalse(run.err().contains("ops:"), run.err());
        assertEquals(1, proxy.tunnels());
    }

    @Test
    void aProxyThatWantsCredentialsIsExitThree() {
        Billctl none = billctl(url(https, "/jerasoft/api")).env("HTTPS_PROXY", proxy.url(null));
        Run tunnel = none.run("clients-accounts", "update", "1", "--name", "x").exits(3).oneErrorLine();
        assertTrue(tunnel.errorLine().contains("the proxy http://127.0.0.1:" + proxy.port() + " (from HTTPS_PROXY) asks for credentials (HTTP 407)"),
                tunnel.err());
        Billctl wrong = billctl(url(http, "/jerasoft/api")).env("HTTP_PROXY", proxy.url("ops:not-the-password"));
        Run forward = wrong.secret("not-the-password").run("clients-accounts", "update", "1", "--name", "x").exits(3).oneErrorLine();
        assertTrue(forward.errorLine().contains("the proxy http://****@127.0.0.1:" + proxy.port() + " (from HTTP_PROXY) refused the credentials in its URL"),
                forward.err());
        assertEquals(2, proxy.refused());
        assertTrue(https.requests().isEmpty() && http.requests().isEmpty());
    }

    @Test
    void aProxyThatIsDownIsNamedWithItsCredentialsMasked() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Billctl billctl = billctl(url(https, "/jerasoft/api")).env("HTTPS_PROXY", "http://ops:proxy-s3cret%21pw@127.0.0.1:" + closed);
        Run run = billctl.run("clients-accounts", "update", "1", "--name", "x", "--retries", "0").exits(5).oneErrorLine();
        assertTrue(run.errorLine().contains("cannot connect to the proxy http://****@127.0.0.1:" + closed + " (from HTTPS_PROXY) for "
                + HOST + ":" + https.server().port() + ": connection refused"), run.err());
    }

    @Test
    void noProxyLoopbackAndTheFlagDecideWhatGoesThroughTheProxy() {
        // Loopback never goes through a proxy from the variables: the sandbox, an ssh tunnel on localhost.
        Billctl direct = billctl(http.url("/jerasoft/api")).env("HTTP_PROXY", proxy.url("ops:proxy-s3cret%21pw"));
        direct.run("clients-accounts", "update", "1", "--name", "Direct").exits(0);
        assertEquals(0, proxy.forwarded());
        assertEquals(1, http.requests().size());
        // --proxy is explicit: it carries loopback too, unless NO_PROXY names the host.
        direct.run("clients-accounts", "update", "1", "--name", "Flagged", "--proxy", proxy.url("ops:proxy-s3cret%21pw")).exits(0);
        assertEquals(1, proxy.forwarded());
        direct.env("NO_PROXY", "example.com, 127.0.0.0/8").run("clients-accounts", "update", "1", "--name", "Excluded", "--proxy",
                proxy.url("ops:proxy-s3cret%21pw")).exits(0);
        assertEquals(1, proxy.forwarded(), "NO_PROXY's network kept it direct");
        // NO_PROXY by name, with a leading dot, through the variables.
        Billctl named = billctl(url(http, "/jerasoft/api")).env("HTTP_PROXY", proxy.url("ops:proxy-s3cret%21pw")).env("no_proxy", ".test");
        Run unresolvable = named.run("clients-accounts", "update", "1", "--name", "x", "--retries", "0").exits(5).oneErrorLine();
        assertTrue(unresolvable.errorLine().contains("cannot resolve the host name of " + HOST), "sent directly: " + unresolvable.err());
        assertEquals(1, proxy.forwarded());
        // --proxy "" sends directly whatever the variables say.
        Billctl https = billctl(url(ProxyTest.https, "/jerasoft/api")).env("HTTPS_PROXY", proxy.url("ops:proxy-s3cret%21pw"));
        https.run("clients-accounts", "update", "1", "--name", "x", "--retries", "0", "--proxy", "").exits(5).oneErrorLine();
        assertEquals(0, proxy.tunnels());
    }

    @Test
    void aProxyUrlBillctlCannotUseIsExitTwoWithNothingSent() {
        Billctl billctl = billctl(url(https, "/jerasoft/api"));
        Run socks = billctl.env("HTTPS_PROXY", "socks5://ops:proxy-s3cret%21pw@127.0.0.1:1080").run("clients-accounts", "update", "1", "--name", "x")
                .exits(2).oneErrorLine();
        assertTrue(socks.errorLine().contains("HTTPS_PROXY is not a proxy billctl can use ('socks5://****@127.0.0.1:1080'): "
                + "billctl speaks to HTTP proxies only"), socks.err());
        Run port = billctl.env("HTTPS_PROXY", null).run("clients-accounts", "update", "1", "--name", "x", "--proxy", "http://proxy.example:99999")
                .exits(2).oneErrorLine();
        assertTrue(port.errorLine().contains("--proxy is not a proxy billctl can use ('http://proxy.example:99999'): its port"), port.err());
        // The lower-case form wins, as curl reads it: here it is the valid one.
        billctl.env("https_proxy", proxy.url("ops:proxy-s3cret%21pw")).env("HTTPS_PROXY", "socks5://nowhere:1")
                .run("clients-accounts", "update", "1", "--name", "Lower case").exits(0);
        assertEquals(1, proxy.tunnels());
        assertEquals(1, https.requests().size());
    }
}
