package io.billctl.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.billctl.core.BillctlException;
import io.billctl.core.ExitCode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TransportTest {
    /**
     * A server that answers each connection's first request with keep-alive and then closes it, as
     * servers do with idle keep-alive connections. A request after a pause must not be sent on
     * the dead connection (a failed attempt and a retry): the transport drops idle connections.
     */
    @Test
    void aConnectionTheServerClosedWhileIdleIsNotReused() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread accept = new Thread(() -> {
                while (!server.isClosed()) {
                    try (Socket socket = server.accept()) {
                        connections.incrementAndGet();
                        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
                        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                            // the request's head; the requests here have no body
                        }
                        OutputStream out = socket.getOutputStream();
                        out.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1\r\n\r\n1".getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    } catch (Exception closed) {
                        return;
                    }
                }
            });
            accept.setDaemon(true);
            accept.start();
            URI uri = URI.create("http://127.0.0.1:" + server.getLocalPort() + "/api/clients/accounts/1");
            try (Transport transport = new Transport(new Transport.Settings(Duration.ofSeconds(5), 3, TlsSettings.DEFAULT), new Redactor(), null)) {
                assertEquals(200, transport.send(WireRequest.builder("GET", uri).build()).status());
                Thread.sleep(1_500); // idle past the transport's idle check; the server has long closed the connection
                assertEquals(200, transport.send(WireRequest.builder("GET", uri).build()).status());
                assertEquals(0, transport.retries(), "the second request went out on the closed connection and had to be retried");
            }
            assertEquals(2, connections.get());
        }
    }

    @Test
    void oneUpdatesLimitIsTheTimeoutPerAttemptPlusTheBackoffCapped() {
        assertEquals(Duration.ofMillis(3 * (5_000 + 100) + 250 + 500), new Transport.Settings(Duration.ofSeconds(5), 2, TlsSettings.DEFAULT).updateLimit());
        assertEquals(Duration.ofMillis(5_100), new Transport.Settings(Duration.ofSeconds(5), 0, TlsSettings.DEFAULT).updateLimit());
        assertEquals(Transport.MAX_UPDATE, new Transport.Settings(Duration.ofSeconds(30), 100, TlsSettings.DEFAULT).updateLimit());
        assertEquals(Duration.ofHours(1), new Transport.Settings(Duration.ofHours(1), 3, TlsSettings.DEFAULT).updateLimit(),
                "never less than one timeout");
    }

    @Test
    void theAnswerSizeLimitReadsSizes() {
        assertEquals(16L << 20, Transport.maxResponseBytes(null));
        assertEquals(64L << 20, Transport.maxResponseBytes("64m"));
        assertEquals(512L << 10, Transport.maxResponseBytes("512K"));
        assertEquals(1L << 30, Transport.maxResponseBytes("1GiB"));
        assertEquals(1000, Transport.maxResponseBytes("1000"));
        for (String bad : new String[] {"0", "-1", "2g", "lots", "1.5m", "99999999999999"}) {
            assertEquals(ExitCode.USAGE, assertThrows(BillctlException.class, () -> Transport.maxResponseBytes(bad)).exitCode(), bad);
        }
    }

    /** java.net.URI has no host for "my_host" (a compose service name, say): the request still goes to it. */
    @Test
    void aHostNameWithAnUnderscoreIsLookedUpNotRefused() {
        URI uri = URI.create("http://billctl-test_host.invalid:9/api/clients/accounts/1");
        try (Transport transport = new Transport(new Transport.Settings(Duration.ofSeconds(5), 0, TlsSettings.DEFAULT), new Redactor(), null)) {
            BillctlException failure = assertThrows(BillctlException.class, () -> transport.send(WireRequest.builder("GET", uri).build()));
            assertEquals(ExitCode.UNAVAILABLE, failure.exitCode());
            assertEquals("cannot resolve the host name of billctl-test_host.invalid:9", failure.getMessage());
        }
        try (Transport transport = new Transport(new Transport.Settings(Duration.ofSeconds(5), 0, TlsSettings.DEFAULT), new Redactor(), null)) {
            BillctlException noHost = assertThrows(BillctlException.class,
                    () -> transport.send(WireRequest.builder("GET", URI.create("http:///api/clients/accounts/1")).build()));
            assertEquals(ExitCode.USAGE, noHost.exitCode());
        }
    }
}
