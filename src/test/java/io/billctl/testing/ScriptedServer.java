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
 * the connection without an answer. Every request is kept for the test to look at.
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

    /** A plain answer: status, content type (or null), body. */
    public static Script answer(int status, String contentType, String body) {
        return (request, out) -> write(out, status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    public static void write(OutputStream out, int status, String contentType, byte[] body) throws IOException {
        StringBuilder head = new StringBuilder("HTTP/1.1 " + status + " " + (status < 400 ? "OK" : "Error") + "\r\n");
        if (contentType != null) head.append("Content-Type: ").append(contentType).append("\r\n");
        head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    public void script(Script script) {
        this.script = script;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + socket.getLocalPort() + path;
    }

    public List<Request> requests() {
        synchronized (requests) {
            return new ArrayList<>(requests);
        }
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket connection = socket.accept();
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
