package io.billctl.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.billctl.core.Json;
import io.billctl.core.http.Redactor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The emulators on the JDK's HTTP server, on loopback. Each emulator answers under its mount
 * point; {@code /_sandbox/...} controls faults, resets state and lists recent requests. Faults
 * apply to the emulators' API calls only.
 */
public final class SandboxServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SandboxServer.class);
    private static final int RECENT_REQUESTS = 1000;

    static {
        // Without it every response waits ~40 ms for Nagle and delayed ACKs (TOOLCHAIN.md).
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final List<Emulator> emulators;
    /** Longest mount point first, so that routing finds the most specific emulator. */
    private final List<Emulator> routes;
    private final HttpServer server;
    private final ExecutorService executor;
    private final Deque<EmulatorRequest> recent = new ArrayDeque<>();
    private final AtomicBoolean dirty = new AtomicBoolean();
    private final Map<String, AtomicInteger> applied = new ConcurrentHashMap<>();
    /** With {@link #countBodies}: how many times each (path, body) changed state, for tests that tell records apart by body. */
    private final Map<String, AtomicInteger> appliedBodies = new ConcurrentHashMap<>();
    private volatile boolean countBodies;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();
    private volatile FaultPlan faults;
    private volatile boolean logRequests;

    private SandboxServer(List<Emulator> emulators, HttpServer server, ExecutorService executor, FaultPlan faults) {
        this.emulators = List.copyOf(emulators);
        this.routes = emulators.stream().sorted(Comparator.comparing((Emulator e) -> e.mountPath().length()).reversed()).toList();
        this.server = server;
        this.executor = executor;
        this.faults = faults;
        emulators.forEach(emulator -> emulator.faults(faults));
    }

    /** Starts on 127.0.0.1; port 0 picks a free one. */
    public static SandboxServer start(int port, List<Emulator> emulators, FaultPlan faults, int threads) throws IOException {
        return start(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256), emulators, faults, threads);
    }

    /** The same over HTTPS, with the certificate the context holds: for testing TLS settings. */
    public static SandboxServer startTls(int port, List<Emulator> emulators, FaultPlan faults, int threads, SSLContext tls) throws IOException {
        HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256);
        https.setHttpsConfigurator(new HttpsConfigurator(tls));
        return start(https, emulators, faults, threads);
    }

    private static SandboxServer start(HttpServer http, List<Emulator> emulators, FaultPlan faults, int threads) {
        ExecutorService executor = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "sandbox-http");
            thread.setDaemon(true);
            return thread;
        });
        SandboxServer sandbox = new SandboxServer(emulators, http, executor, faults);
        http.createContext("/", sandbox::dispatch);
        http.setExecutor(executor);
        http.start();
        return sandbox;
    }

    public URI baseUri() {
        return URI.create((server instanceof HttpsServer ? "https" : "http") + "://127.0.0.1:" + port());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public List<Emulator> emulators() {
        return emulators;
    }

    /** The emulator of one backend, or null. */
    public Emulator emulator(String backendId) {
        for (Emulator emulator : emulators) if (emulator.backendId().equals(backendId)) return emulator;
        return null;
    }

    public void faults(FaultPlan plan) {
        this.faults = plan;
        emulators.forEach(emulator -> emulator.faults(plan));
    }

    public FaultPlan faults() {
        return faults;
    }

    public void logRequests(boolean on) {
        this.logRequests = on;
    }

    /** True once since the last call if any emulator's state changed. */
    public boolean takeDirty() {
        return dirty.getAndSet(false);
    }

    /** The most recent API requests, oldest first. */
    public List<EmulatorRequest> requests() {
        synchronized (recent) {
            return new ArrayList<>(recent);
        }
    }

    public void clearRequests() {
        synchronized (recent) {
            recent.clear();
        }
        applied.clear();
        appliedBodies.clear();
        mostInFlight.set(0);
    }

    /** The most vendor requests this server held at once since the last reset: a client's real concurrency. */
    public int mostInFlight() {
        return mostInFlight.get();
    }

    /** Starts (or stops) counting applications per path and body; cleared with the requests. */
    public void countBodies(boolean on) {
        countBodies = on;
    }

    /** "PATH BODY" -> how many times a request with that body changed state. */
    public Map<String, Integer> appliedBodies() {
        Map<String, Integer> counts = new TreeMap<>();
        appliedBodies.forEach((key, count) -> counts.put(key, count.get()));
        return counts;
    }

    /** How many requests to each path changed state: proof that an update was applied exactly once. */
    public Map<String, Integer> applied() {
        Map<String, Integer> counts = new TreeMap<>();
        applied.forEach((path, count) -> counts.put(path, count.get()));
        return counts;
    }

    public ObjectNode snapshot() {
        ObjectNode state = Json.object();
        state.put("version", 1);
        ObjectNode all = state.putObject("emulators");
        for (Emulator emulator : emulators) all.set(emulator.backendId(), emulator.snapshot());
        return state;
    }

    public void restore(JsonNode state) {
        for (Emulator emulator : emulators) {
            JsonNode own = state.path("emulators").path(emulator.backendId());
            if (own.isMissingNode()) emulator.seed();
            else emulator.restore(own);
        }
    }

    public void reset() {
        emulators.forEach(Emulator::seed);
        dirty.set(true);
    }

    private void dispatch(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            if (path.startsWith("/_sandbox/")) {
                send(exchange, control(exchange.getRequestMethod(), path, body));
                return;
            }
            Emulator emulator = routes.stream().filter(e -> path.equals(e.mountPath()) || path.startsWith(e.mountPath() + "/")).findFirst().orElse(null);
            String query = exchange.getRequestURI().getRawQuery();
            EmulatorRequest request = new EmulatorRequest(exchange.getRequestMethod(), path, query, Map.copyOf(exchange.getRequestHeaders()), body);
            record(request);
            if (emulator == null) {
                send(exchange, EmulatorResponse.json(404, "{\"error\":\"no emulator serves " + path.replace("\"", "") + "\"}"));
                return;
            }
            FaultPlan plan = faults;
            long latency = plan.latencyMillis();
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                if (latency > 0) Thread.sleep(latency);
            } finally {
                inFlight.decrementAndGet();
            }
            EmulatorResponse response = switch (plan.next()) {
                case DROP -> throw new DroppedConnection();
                case THROTTLE -> emulator.fault(429).withHeader("Retry-After", Integer.toString(plan.retryAfterSeconds()));
                case ERROR -> emulator.fault(plan.errorStatus());
                case NONE -> emulator.handle(request.below(emulator.mountPath()));
            };
            if (response.readOf() != null && response.status() == 200 && plan.meddles() && emulator.meddle(response.readOf(), plan.meddleField())) {
                dirty.set(true); // someone else changed the account being read
                if (!plan.meddlesAfterRead()) response = emulator.handle(request.below(emulator.mountPath())); // ... before the read is answered
            }
            if (response.mutated()) {
                dirty.set(true);
                applied.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
                if (countBodies) appliedBodies.computeIfAbsent(path + " " + request.bodyText(), p -> new AtomicInteger()).incrementAndGet();
            }
            if (logRequests) LOG.info("{} {} -> {}", exchange.getRequestMethod(), path, response.status());
            send(exchange, response);
        } catch (DroppedConnection e) {
            // The JDK server closes the connection without an answer when a handler throws.
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("emulator failed on {}: {}", exchange.getRequestURI().getPath(), e.toString());
            throw e;
        }
    }

    private EmulatorResponse control(String method, String path, byte[] body) {
        switch (method + " " + path) {
            case "GET /_sandbox/health": {
                ObjectNode health = Json.object().put("ok", true);
                ArrayNode mounts = health.putArray("emulators");
                emulators.forEach(e -> mounts.addObject().put("backend", e.backendId()).put("path", e.mountPath()));
                return EmulatorResponse.json(200, health);
            }
            case "GET /_sandbox/faults":
                return EmulatorResponse.json(200, Json.object().put("faults", faults.spec()));
            case "PUT /_sandbox/faults":
            case "POST /_sandbox/faults":
                try {
                    faults(FaultPlan.parse(new String(body, StandardCharsets.UTF_8)));
                    return EmulatorResponse.json(200, Json.object().put("faults", faults.spec()));
                } catch (RuntimeException e) {
                    return EmulatorResponse.json(400, Json.object().put("error", e.getMessage()));
                }
            case "POST /_sandbox/reset":
                reset();
                clearRequests();
                return EmulatorResponse.json(200, Json.object().put("ok", true));
            case "GET /_sandbox/requests": {
                Redactor redactor = new Redactor();
                ArrayNode list = Json.NODES.arrayNode();
                for (EmulatorRequest request : requests()) {
                    ObjectNode item = list.addObject().put("method", request.method()).put("target", redactor.form(request.target()));
                    ObjectNode headers = item.putObject("headers");
                    request.headers().forEach((name, values) -> headers.put(name, redactor.header(name, String.join(", ", values))));
                    item.put("body", redactor.body(request.header("Content-Type"), request.bodyText()));
                }
                return EmulatorResponse.json(200, list);
            }
            default:
                return EmulatorResponse.json(404, Json.object().put("error", "unknown sandbox control " + method + " " + path));
        }
    }

    private void record(EmulatorRequest request) {
        synchronized (recent) {
            if (recent.size() == RECENT_REQUESTS) recent.removeFirst();
            recent.addLast(request);
        }
    }

    private static void send(HttpExchange exchange, EmulatorResponse response) throws IOException {
        if (response.contentType() != null) exchange.getResponseHeaders().set("Content-Type", response.contentType());
        response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        boolean empty = response.body().length == 0;
        exchange.sendResponseHeaders(response.status(), empty ? -1 : response.body().length);
        if (!empty) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(response.body());
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** Thrown to make the JDK server drop the connection without a response. */
    private static final class DroppedConnection extends RuntimeException {
        DroppedConnection() {
            super("fault injected: connection dropped", null, false, false);
        }
    }
}
