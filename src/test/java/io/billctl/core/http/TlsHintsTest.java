package io.billctl.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.billctl.sandbox.JerasoftEmulator;
import io.billctl.testing.Billctl;
import io.billctl.testing.Run;
import io.billctl.testing.Sandbox;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A TLS failure names its cause and the remedy that fits it, and never suggests --insecure: a
 * plain-HTTP port behind an https URL, a certificate for another host, an expired certificate.
 */
class TlsHintsTest {
    @TempDir static Path certs;
    static Sandbox otherHost;
    static Sandbox expired;
    static Path otherHostPem;
    static Path caPem;
    @TempDir Path home;

    @BeforeAll
    static void startServers() throws Exception {
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        // A certificate for another name only, trusted by --ca-cert: only the host name is wrong.
        Path other = certs.resolve("other.p12");
        otherHostPem = certs.resolve("other.pem");
        run(keytool, "-genkeypair", "-alias", "other", "-keyalg", "EC", "-validity", "2", "-dname", "CN=other.example",
                "-ext", "san=dns:other.example", "-keystore", other.toString(), "-storetype", "PKCS12", "-storepass", "changeit");
        run(keytool, "-exportcert", "-rfc", "-alias", "other", "-file", otherHostPem.toString(), "-keystore", other.toString(),
                "-storetype", "PKCS12", "-storepass", "changeit");
        otherHost = Sandbox.startTls(tls(other));
        // A CA that is trusted, and a certificate it signed that expired a week ago.
        Path ca = certs.resolve("ca.p12");
        Path leaf = certs.resolve("leaf.p12");
        caPem = certs.resolve("ca.pem");
        Path csr = certs.resolve("leaf.csr");
        Path leafPem = certs.resolve("leaf.pem");
        run(keytool, "-genkeypair", "-alias", "ca", "-keyalg", "EC", "-validity", "30", "-dname", "CN=billctl test CA", "-ext", "bc:c",
                "-keystore", ca.toString(), "-storetype", "PKCS12", "-storepass", "changeit");
        run(keytool, "-exportcert", "-rfc", "-alias", "ca", "-file", caPem.toString(), "-keystore", ca.toString(), "-storetype", "PKCS12",
                "-storepass", "changeit");
        run(keytool, "-genkeypair", "-alias", "leaf", "-keyalg", "EC", "-validity", "30", "-dname", "CN=localhost",
                "-keystore", leaf.toString(), "-storetype", "PKCS12", "-storepass", "changeit");
        run(keytool, "-certreq", "-alias", "leaf", "-file", csr.toString(), "-keystore", leaf.toString(), "-storetype", "PKCS12",
                "-storepass", "changeit");
        run(keytool, "-gencert", "-alias", "ca", "-infile", csr.toString(), "-outfile", leafPem.toString(), "-rfc", "-startdate", "-10d",
                "-validity", "2", "-ext", "san=ip:127.0.0.1,dns:localhost", "-keystore", ca.toString(), "-storetype", "PKCS12", "-storepass", "changeit");
        run(keytool, "-importcert", "-noprompt", "-alias", "ca", "-file", caPem.toString(), "-keystore", leaf.toString(), "-storetype", "PKCS12",
                "-storepass", "changeit");
        run(keytool, "-importcert", "-alias", "leaf", "-file", leafPem.toString(), "-keystore", leaf.toString(), "-storetype", "PKCS12",
                "-storepass", "changeit");
        expired = Sandbox.startTls(tls(leaf));
    }

    private static SSLContext tls(Path keystore) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, "changeit".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, null);
        return tls;
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), output);
    }

    @AfterAll
    static void stop() {
        if (otherHost != null) otherHost.close();
        if (expired != null) expired.close();
    }

    private Run update(String url, String... profileOptions) {
        Billctl billctl = new Billctl(home).env("K", JerasoftEmulator.API_KEY).secret(JerasoftEmulator.API_KEY);
        List<String> add = new ArrayList<>(List.of("profile", "add", "tls", "--backend", "jerasoft", "--url", url, "--api-key-env", "K"));
        add.addAll(List.of(profileOptions));
        billctl.run(add.toArray(String[]::new)).exits(0);
        Run run = billctl.run("clients-accounts", "update", "1", "--name", "x").exits(5).oneErrorLine();
        assertFalse(run.err().contains("--insecure"), "a failed check is a reason to look, not to stop looking: " + run.err());
        return run;
    }

    @Test
    void anHttpsUrlOnAPlainHttpPortSaysSo() throws Exception {
        // What a plain HTTP server (nginx, say) answers to a TLS client hello.
        try (ServerSocket plain = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(() -> {
                while (!plain.isClosed()) {
                    try (Socket socket = plain.accept()) {
                        socket.getInputStream().read(new byte[4096]);
                        OutputStream out = socket.getOutputStream();
                        out.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    } catch (Exception closed) {
                        return;
                    }
                }
            });
            server.setDaemon(true);
            server.start();
            Run run = update("https://127.0.0.1:" + plain.getLocalPort() + "/api");
            assertTrue(run.errorLine().contains("the server does not speak TLS on that port; if it serves plain HTTP, the profile's URL should start with http://"),
                    run.err());
            assertFalse(run.err().contains("--ca-cert"), run.err());
        }
    }

    @Test
    void anHttpsUrlOnAPlainHttpServerThatWaitsForALineSaysSoToo() throws Exception {
        // A plain HTTP server that waits for a request line (the JDK's, billctl's own sandbox) never answers a TLS hello.
        try (ServerSocket plain = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> held = new ArrayList<>();
            Thread server = new Thread(() -> {
                while (!plain.isClosed()) {
                    try {
                        Socket socket = plain.accept();
                        synchronized (held) {
                            held.add(socket);
                        }
                    } catch (Exception closed) {
                        return;
                    }
                }
            });
            server.setDaemon(true);
            server.start();
            Billctl billctl = new Billctl(home).env("K", JerasoftEmulator.API_KEY).secret(JerasoftEmulator.API_KEY);
            billctl.run("profile", "add", "tls", "--backend", "jerasoft", "--url", "https://127.0.0.1:" + plain.getLocalPort() + "/api",
                    "--api-key-env", "K").exits(0);
            Run run = billctl.run("clients-accounts", "update", "1", "--name", "x", "--timeout", "1", "--retries", "0").exits(5).oneErrorLine();
            assertTrue(run.errorLine().contains("TLS handshake with 127.0.0.1:" + plain.getLocalPort() + " got no answer within 1 s"), run.err());
            assertTrue(run.errorLine().contains("the profile's URL should start with http://"), run.err());
            assertFalse(run.err().contains("could not connect"), "the connection was made: " + run.err());
            assertFalse(run.err().contains("--insecure"), run.err());
            synchronized (held) {
                for (Socket socket : held) socket.close();
            }
        }
    }

    @Test
    void aCertificateForAnotherHostSaysToCheckTheUrl() {
        Run run = update(otherHost.url("/jerasoft/api"), "--ca-cert", otherHostPem.toString());
        assertTrue(run.errorLine().contains("its certificate is not for that host name"), run.err());
        assertTrue(run.errorLine().contains("check the host in the profile's URL"), run.err());
        assertTrue(otherHost.requests().isEmpty());
    }

    @Test
    void anExpiredCertificateSaysToCheckTheCertificateAndClocks() {
        Run run = update(expired.url("/jerasoft/api"), "--ca-cert", caPem.toString());
        assertTrue(run.errorLine().contains("its certificate has expired or is not yet valid; check the server's certificate and the clocks"),
                run.err());
        assertTrue(expired.requests().isEmpty());
    }

    @Test
    void anUnknownCaSaysToPassTheCa() {
        Run run = update(expired.url("/jerasoft/api"));
        assertTrue(run.errorLine().contains("not signed by a CA billctl trusts; pass --ca-cert FILE"), run.err());
    }
}
