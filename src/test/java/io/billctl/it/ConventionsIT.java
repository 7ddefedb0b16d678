package io.billctl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.billctl.sandbox.JerasoftEmulator;
import io.billctl.testing.Run;
import io.billctl.testing.Sandbox;
import io.billctl.testing.Subprocess;
import io.billctl.testing.TestCertificate;
import io.billctl.testing.TestProxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 21's "done means", as a CI job would run them: bin/billctl with no config file, its profile in
 * BILLCTL_* variables alone, reaching the sandbox through a proxy from HTTPS_PROXY (a CONNECT tunnel to
 * the sandbox served over TLS as billing.test) and from HTTP_PROXY.
 */
class ConventionsIT {
    static final String HOST = "billing.test";
    @TempDir Path home;
    @TempDir Path certs;

    @Test
    void anEnvironmentOnlyProfileUpdatesWithNoConfigFile() {
        try (Sandbox sandbox = Sandbox.start()) {
            Run run = Subprocess.billctl(home, Map.of("BILLCTL_BACKEND", "jerasoft", "BILLCTL_URL", sandbox.url("/jerasoft/api"),
                    "BILLCTL_API_KEY", JerasoftEmulator.API_KEY, "BILLCTL_CDS", "off"), "", "clients-accounts", "update", "1", "--name", "x").exits(0);
            assertFalse(run.out().contains(JerasoftEmulator.API_KEY) || run.err().contains(JerasoftEmulator.API_KEY));
            assertEquals(1, sandbox.requests().size());
            assertFalse(Files.exists(home.resolve(".config/billctl/config.toml")), "no config file");
        }
    }

    @Test
    void anUpdateReachesTheSandboxThroughAProxyFromHttpsProxyAndHttpProxy() throws Exception {
        TestCertificate certificate = TestCertificate.make(certs, HOST, "dns:" + HOST);
        try (Sandbox https = Sandbox.startTls(certificate.server()); Sandbox http = Sandbox.start();
             TestProxy proxy = new TestProxy(List.of(HOST), "ops", "proxy-pw-4242")) {
            Run tunnelled = Subprocess.billctl(home, Map.of("BILLCTL_BACKEND", "jerasoft", "BILLCTL_URL", https.url("/jerasoft/api").replace("127.0.0.1", HOST),
                    "BILLCTL_CA_CERT", certificate.pem().toString(), "BILLCTL_API_KEY", JerasoftEmulator.API_KEY,
                    "HTTPS_PROXY", proxy.url("ops:proxy-pw-4242"), "BILLCTL_CDS", "off"), "",
                    "clients-accounts", "update", "1", "--name", "Through the proxy", "-v").exits(0);
            assertEquals(1, proxy.tunnels());
            assertEquals(1, https.requests().size());
            assertTrue(tunnelled.err().contains("* through the proxy http://****@127.0.0.1:" + proxy.port() + " (from HTTPS_PROXY)"), tunnelled.err());
            assertFalse(tunnelled.err().contains("proxy-pw-4242"), tunnelled.err());

            Subprocess.billctl(home, Map.of("BILLCTL_BACKEND", "jerasoft", "BILLCTL_URL", http.url("/jerasoft/api").replace("127.0.0.1", HOST),
                    "BILLCTL_API_KEY", JerasoftEmulator.API_KEY, "HTTP_PROXY", proxy.url("ops:proxy-pw-4242"), "BILLCTL_CDS", "off"), "",
                    "clients-accounts", "update", "1", "--name", "Forwarded").exits(0);
            assertEquals(1, proxy.forwarded());
            assertEquals(1, http.requests().size());
        }
    }
}
