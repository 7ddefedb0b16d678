package io.billctl.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A hostile or scripted HTTP/1.1 server on loopback, for what the emulators never do: each request
 * (read whole: request line, headers, a Content-Length body) is handed to a script that writes
 * whatever bytes it likes on the raw socket, as slowly or as wrongly as it likes, and may close
 * the connection without an answer. Every request is kept for the test to look at. The ready-made
 * scripts are the hostile cases: a dropped connection, silence, a dripped body or head, an endless
 * body or header line, a huge body. {@link #startTls} serves the same over TLS, and
 * {@link #connections()} counts the connections a client opened.
 */
public final class ScriptedServer implements AutoCloseable {
    /** One request as it arrived. */
    public record Request(String method, String target, Map<String, String> headers, byte[] body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** What the server does with a request: writes an answer on {@code out}, or not. */
    public interface Script {
        void answer(Request request, OutputStream out) throws IOException, InterruptedException;
    }

    private final ServerSocket socket;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "scripted-server");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final java.util.concurrent.atomic.AtomicInteger connections = new java.util.concurrent.atomic.AtomicInteger();
    private volatile Script script;

    private ScriptedServer(ServerSocket socket, Script script) {
        this.socket = socket;
        this.script = script;
        threads.execute(this::accept);
    }

    public static ScriptedServer start(Script script) {
        try {
            return new ScriptedServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), script);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same over TLS, with {@code tls}'s certificate (a {@link TestCertificate}'s server context). */
    public static ScriptedServer startTls(javax.net.ssl.SSLContext tls, Script script) {
        try {
            return new ScriptedServer(tls.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress()), script);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A plain answer: status, content type (or null), body. */
    public static Script answer(int status, String contentType, String body) {
        return (request, out) -> write(out, status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    public static void write(OutputStream out, int status, String contentType, byte[] body) throws IOException {
        write(out, status, contentType, body, Map.of());
    }

    /** An answer with extra headers (Retry-After, say). */
    public static void write(OutputStream out, int status, String contentType, byte[] body, Map<String, String> headers) throws IOException {
        out.write(head(status, contentType, body.length, headers));
        out.write(body);
        out.flush();
    }

    /** A status line and headers; {@code length} -1 for a chunked body. */
    public static byte[] head(int status, String contentType, long length, Map<String, String> headers) {
        StringBuilder head = new StringBuilder("HTTP/1.1 " + status + " " + (status < 400 ? "OK" : "Error") + "\r\n");
        if (contentType != null) head.append("Content-Type: ").append(contentType).append("\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append(length < 0 ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + length + "\r\n").append("\r\n");
        return head.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** An answer with extra headers. */
    public static Script answer(int status, String contentType, String body, Map<String, String> headers) {
        return (request, out) -> write(out, status, contentType, body.getBytes(StandardCharsets.UTF_8), headers);
    }

    /** Reads the request and closes the connection without a word. */
    public static Script drop() {
        return (request, out) -> out.close();
    }

    /** Accepts the request and says nothing, holding the connection open until the client gives up. */
    public static Script silence() {
        return (request, out) -> Thread.sleep(Long.MAX_VALUE);
    }

    /** A status line and headers, then a body of {@code length} bytes declared up front and sent one byte every {@code millis}. */
    public static Script drip(int status, String contentType, int length, long millis) {
        return (request, out) -> {
            out.write(head(status, contentType, length, Map.of()));
            out.flush();
            for (int i = 0; i < length; i++) {
                Thread.sleep(millis);
                out.write('7');
                out.flush();
            }
        };
    }

    /** The status line itself, a byte every {@code millis}, and never the end of the head. */
    public static Script dripHead(long millis) {
        return (request, out) -> {
            byte[] line = "HTTP/1.1 200 OK\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; ; i++) {
                out.write(i < line.length ? line[i] : 'z');
                out.flush();
                Thread.sleep(millis);
            }
        };
    }

    /** A header line that never ends, as fast as the client takes it. */
    public static Script endlessHead() {
        return (request, out) -> {
            out.write("HTTP/1.1 200 OK\r\nX-Filler: ".getBytes(StandardCharsets.US_ASCII));
            byte[] filler = new byte[64 * 1024];
            java.util.Arrays.fill(filler, (byte) 'a');
            while (true) out.write(filler);
        };
    }

    /** A chunked body that never ends, as fast as the client takes it. */
    public static Script endless(int status, String contentType) {
        return (request, out) -> {
            out.write(head(status, contentType, -1, Map.of()));
            byte[] chunk = chunk(64 * 1024);
            while (true) out.write(chunk);
        };
    }

    /** A body of {@code size} bytes: with its Content-Length declared, or chunked. */
    public static Script huge(long size, boolean declared) {
        return (request, out) -> {
            out.write(head(200, "application/json", declared ? size : -1, Map.of()));
            byte[] block = new byte[64 * 1024];
            java.util.Arrays.fill(block, (byte) '7');
            byte[] chunk = chunk(block.length);
            for (long sent = 0; sent < size; sent += block.length) out.write(declared ? block : chunk);
            if (!declared) out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        };
    }

    private static byte[] chunk(int size) {
        byte[] header = (Integer.toHexString(size) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] chunk = new byte[header.length + size + 2];
        System.arraycopy(header, 0, chunk, 0, header.length);
        java.util.Arrays.fill(chunk, header.length, header.length + size, (byte) '7');
        chunk[chunk.length - 2] = '\r';
        chunk[chunk.length - 1] = '\n';
        return chunk;
    }

    public void script(Script script) {
        this.script = script;
    }

    public String url(String path) {
        return (socket instanceof javax.net.ssl.SSLServerSocket ? "https" : "http") + "://127.0.0.1:" + socket.getLocalPort() + path;
    }

    /** How many connections clients have opened so far. */
    public int connections() {
        return connections.get();
    }

    public List<Request> requests() {
        synchronized (requests) {
            return new ArrayList<>(requests);
        }
    }

    /** Forgets the requests so far. */
    public void clearRequests() {
        requests.clear();
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket connection = socket.accept();
                connections.incrementAndGet();
                threads.execute(() -> serve(connection));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket connection) {
        try (connection) {
            InputStream in = new BufferedInputStream(connection.getInputStream());
            OutputStream out = connection.getOutputStream();
            while (true) {
                Request request = read(in);
                if (request == null) return;
                requests.add(request);
                script.answer(request, out);
                if (connection.isClosed()) return;
            }
        } catch (IOException | RuntimeException e) {
            // the client went away, or the script closed the connection on purpose
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Request read(InputStream in) throws IOException {
        String requestLine = line(in);
        if (requestLine == null || requestLine.isEmpty()) return null;
        String[] parts = requestLine.split(" ");
        Map<String, String> headers = new LinkedHashMap<>();
        for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
            int colon = header.indexOf(':');
            if (colon > 0) headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        byte[] body = in.readNBytes(length);
        return new Request(parts[0], parts.length > 1 ? parts[1] : "/", headers, body);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') break;
            if (b != '\r') bytes.write(b);
        }
        if (b == -1 && bytes.size() == 0) return null;
        return bytes.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing
        }
        threads.shutdownNow();
    }
}
