package io.billctl.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small but real HTTP proxy on loopback, as corporate networks put in front of billctl: {@code CONNECT}
 * tunnels for https (it relays bytes it cannot read), and requests in absolute form for http, which it
 * sends on in origin form and whose answers it relays. It can demand credentials (407 without the right
 * {@code Proxy-Authorization}), and it resolves the names a test gives it to loopback, so that billctl,
 * which leaves name resolution to its proxy, can be pointed at hosts this machine cannot resolve.
 * It counts what it relayed and keeps every request head it received.
 */
public final class TestProxy implements AutoCloseable {
    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "test-proxy");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, String> names;
    private final String authorization;
    private final List<String> heads = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong tunnels = new AtomicLong();
    private final AtomicLong forwarded = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();

    /**
     * @param names host names this proxy resolves to loopback (as a DNS server on the proxy's side would)
     * @param user  the credentials it demands, null for none
     */
    public TestProxy(List<String> names, String user, String password) throws IOException {
        this.names = new java.util.HashMap<>();
        for (String name : names) this.names.put(name.toLowerCase(Locale.ROOT), "127.0.0.1");
        this.authorization = user == null ? null
                : "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.execute(this::accept);
    }

    public int port() {
        return server.getLocalPort();
    }

    /** {@code http://[USER:PASSWORD@]127.0.0.1:PORT}. */
    public String url(String userInfo) {
        return "http://" + (userInfo == null ? "" : userInfo + "@") + "127.0.0.1:" + port();
    }

    /** CONNECT tunnels opened. */
    public long tunnels() {
        return tunnels.get();
    }

    /** Requests in absolute form sent on to their server. */
    public long forwarded() {
        return forwarded.get();
    }

    /** Requests answered 407 (no or wrong credentials). */
    public long refused() {
        return refused.get();
    }

    /** Bytes relayed from the servers back to the client. */
    public long bytesRelayed() {
        return bytes.get();
    }

    /** Each request head received, as it came (the request line and headers). */
    public List<String> heads() {
        synchronized (heads) {
            return List.copyOf(heads);
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                threads.execute(() -> serve(client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            while (true) {
                String head = head(in);
                if (head == null) return;
                heads.add(head);
                String[] requestLine = head.substring(0, head.indexOf("\r\n")).split(" ");
                if (authorization != null && !authorization.equals(header(head, "proxy-authorization"))) {
                    refused.incrementAndGet();
                    drainBody(in, head);
                    out.write(("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test\"\r\n"
                            + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    continue;
                }
                if (requestLine[0].equals("CONNECT")) {
                    tunnel(client, requestLine[1]);
                    return;
                }
                if (!forward(head, requestLine, in, out)) return;
            }
        } catch (IOException e) {
            // the client or the server went away: so does this connection
        }
    }

    private void tunnel(Socket client, String authority) throws IOException {
        int colon = authority.lastIndexOf(':');
        try (Socket upstream = new Socket(resolve(authority.substring(0, colon)), Integer.parseInt(authority.substring(colon + 1)))) {
            tunnels.incrementAndGet();
            client.getOutputStream().write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            client.getOutputStream().flush();
            var up = threads.submit(() -> relay(client.getInputStream(), upstream.getOutputStream(), false, upstream));
            relay(upstream.getInputStream(), client.getOutputStream(), true, client);
            up.cancel(true);
        } catch (IOException e) {
            client.getOutputStream().write("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
    }

    private Void relay(InputStream from, OutputStream to, boolean count, Socket toClose) {
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = from.read(buffer)) > 0; ) {
                to.write(buffer, 0, n);
                to.flush();
                if (count) bytes.addAndGet(n);
            }
        } catch (IOException ended) {
            // one side closed
        }
        try {
            toClose.shutdownOutput();
        } catch (IOException ignored) {
            // already closed
        }
        return null;
    }

    /** One request in absolute form: sent on in origin form on a connection of its own, its answer relayed. */
    private boolean forward(String head, String[] requestLine, InputStream in, OutputStream out) throws IOException {
        URI target = URI.create(requestLine[1]);
        if (target.getScheme() == null) {
            out.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            return false;
        }
        byte[] body = body(in, head);
        StringBuilder upstreamHead = new StringBuilder(requestLine[0]).append(' ')
                .append(target.getRawPath()).append(target.getRawQuery() == null ? "" : "?" + target.getRawQuery()).append(" HTTP/1.1\r\n");
        for (String line : head.substring(head.indexOf("\r\n") + 2).split("\r\n")) {
            if (line.isEmpty()) continue;
            String name = line.substring(0, line.indexOf(':')).toLowerCase(Locale.ROOT);
            if (name.equals("proxy-authorization") || name.equals("proxy-connection") || name.equals("connection")) continue;
            upstreamHead.append(line).append("\r\n");
        }
        upstreamHead.append("Connection: close\r\n\r\n");
        int port = target.getPort() > 0 ? target.getPort() : 80;
        try (Socket upstream = new Socket(resolve(target.getHost()), port)) {
            forwarded.incrementAndGet();
            upstream.getOutputStream().write(upstreamHead.toString().getBytes(StandardCharsets.ISO_8859_1));
            upstream.getOutputStream().write(body);
            upstream.getOutputStream().flush();
            InputStream answer = upstream.getInputStream();
            String responseHead = head(answer);
            if (responseHead == null) return false;
            byte[] responseBody = responseBody(answer, responseHead);
            StringBuilder relayed = new StringBuilder();
            for (String line : responseHead.split("\r\n")) {
                if (line.isEmpty()) continue;
                String lower = line.toLowerCase(Locale.ROOT);
                if (lower.startsWith("connection:") || lower.startsWith("transfer-encoding:") || lower.startsWith("content-length:")) continue;
                relayed.append(line).append("\r\n");
            }
            relayed.append("Content-Length: ").append(responseBody.length).append("\r\n\r\n");
            byte[] headBytes = relayed.toString().getBytes(StandardCharsets.ISO_8859_1);
            out.write(headBytes);
            out.write(responseBody);
            out.flush();
            bytes.addAndGet(headBytes.length + responseBody.length);
            return true;
        }
    }

    private String resolve(String host) {
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        return names.getOrDefault(bare.toLowerCase(Locale.ROOT), bare);
    }

    /** A head up to its blank line, or null at the end of the stream. */
    private static String head(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) return head.length() == 0 ? null : head.toString();
            head.append((char) b);
        }
        return head.toString();
    }

    private static String header(String head, String name) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) return line.substring(colon + 1).trim();
        }
        return null;
    }

    private static byte[] body(InputStream in, String head) throws IOException {
        String length = header(head, "content-length");
        return length == null ? new byte[0] : in.readNBytes(Integer.parseInt(length));
    }

    private static void drainBody(InputStream in, String head) throws IOException {
        body(in, head);
    }

    /** An answer's body by its framing: Content-Length, chunked (decoded), or up to the end of the stream. */
    private static byte[] responseBody(InputStream in, String head) throws IOException {
        String length = header(head, "content-length");
        if (length != null) return in.readNBytes(Integer.parseInt(length));
        String encoding = header(head, "transfer-encoding");
        if (encoding == null || !encoding.toLowerCase(Locale.ROOT).contains("chunked")) return in.readAllBytes();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            StringBuilder sizeLine = new StringBuilder();
            for (int b; (b = in.read()) != '\n'; ) {
                if (b < 0) return body.toByteArray();
                if (b != '\r') sizeLine.append((char) b);
            }
            int semicolon = sizeLine.indexOf(";");
            int size = Integer.parseInt((semicolon < 0 ? sizeLine.toString() : sizeLine.substring(0, semicolon)).trim(), 16);
            if (size == 0) {
                // trailers, if any, up to the blank line
                for (StringBuilder trailer = new StringBuilder(); ; trailer.setLength(0)) {
                    for (int b; (b = in.read()) != '\n' && b >= 0; ) if (b != '\r') trailer.append((char) b);
                    if (trailer.length() == 0) return body.toByteArray();
                }
            }
            body.write(in.readNBytes(size));
            in.read();
            in.read(); // CRLF after the chunk
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        threads.shutdownNow();
    }
}
