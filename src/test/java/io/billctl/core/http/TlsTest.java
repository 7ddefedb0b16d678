package io.billctl.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.billctl.sandbox.JerasoftEmulator;
import io.billctl.testing.Billctl;
import io.billctl.testing.Run;
import io.billctl.testing.Sandbox;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS against an HTTPS sandbox whose certificate no public CA signed. */
class TlsTest {
    @TempDir static Path certs;
    static Sandbox https;
    static Path caPem;
    @TempDir Path home;

    @BeforeAll
    static void startHttpsSandbox() throws Exception {
        Path keystore = certs.resolve("server.p12");
        caPem = certs.resolve("ca.pem");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(keytool, "-genkeypair", "-alias", "sandbox", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "san=ip:127.0.0.1,dns:localhost",
                "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit");
        run(keytool, "-exportcert", "-rfc", "-alias", "sandbox", "-file", caPem.toString(),
                "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", "changeit");
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, "changeit".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, null);
        https = Sandbox.startTls(tls);
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), output);
    }

    @AfterAll
    static void stop() {
        https.close();
    }

    private Billctl billctl() {
        return new Billctl(home).env("K", JerasoftEmulator.API_KEY).secret(JerasoftEmulator.API_KEY);
    }

    @Test
    void anUntrustedCertificateIsRefusedWithAHint() {
        Billctl billctl = billctl();
        billctl.run("profile", "add", "tls", "--backend", "jerasoft", "--url", https.url("/jerasoft/api"), "--api-key-env", "K").exits(0);
        Run run = billctl.run("clients-accounts", "update", "1", "--name", "x").exits(5).oneErrorLine();
        assertTrue(run.errorLine().contains("TLS handshake with 127.0.0.1"), run.err());
        assertTrue(run.errorLine().contains("not signed by a CA billctl trusts; pass --ca-cert FILE"), run.err());
        assertFalse(run.err().contains("--insecure"), "never the hint to stop checking: " + run.err());
        assertTrue(https.requests().isEmpty());
    }

    @Test
    void aCaCertMakesItTrusted() {
        Billctl billctl = billctl();
        billctl.run("profile", "add", "tls", "--backend", "jerasoft", "--url", https.url("/jerasoft/api"), "--api-key-env", "K",
                "--ca-cert", caPem.toString()).exits(0);
        Run run = billctl.run("clients-accounts", "update", "1", "--name", "Over TLS").exits(0);
        assertEquals("", run.err());
    }

    @Test
    void insecureSkipsChecksAndWarns() {
        Billctl billctl = billctl();
        billctl.run("profile", "add", "tls", "--backend", "jerasoft", "--url", https.url("/jerasoft/api"), "--api-key-env", "K", "--insecure").exits(0);
        Run run = billctl.run("clients-accounts", "update", "1", "--name", "Insecure").exits(0);
        assertTrue(run.err().contains("warning: TLS certificate checks are off"), run.err());
    }
}
