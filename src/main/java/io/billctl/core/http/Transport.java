package io.billctl.core.http;

import io.billctl.core.BillctlException;
import io.billctl.core.ExitCode;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.http.impl.bootstrap.HttpRequester;
import org.apache.hc.core5.http.impl.bootstrap.RequesterBootstrap;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.ssl.DefaultTlsSetupHandler;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;
import org.apache.hc.core5.http.protocol.BasicHttpContext;
import org.apache.hc.core5.http.protocol.HttpProcessorBuilder;
import org.apache.hc.core5.http.protocol.RequestConnControl;
import org.apache.hc.core5.http.protocol.RequestContent;
import org.apache.hc.core5.http.protocol.RequestTargetHost;
import org.apache.hc.core5.http.protocol.RequestUserAgent;
import org.apache.hc.core5.net.URIAuthority;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * Sends {@link WireRequest}s with Apache HttpCore 5's classic requester (chosen over java.net.http
 * by measurement: faster, and no lost requests under load; and over HttpClient 5, the same
 * library's client, whose execution chain of redirects, auth and cookies billctl switches off
 * anyway and which cost a fifth of a batch's CPU): one connection pool per run, a timeout on every call,
 * retries with backoff and jitter on connection errors and on responses a backend calls
 * retryable, and a {@code --verbose} trace in which every secret is masked.
 */
public final class Transport implements AutoCloseable {
    /** The knobs a run sets: from global options and the profile. */
    public record Settings(Duration timeout, int retries, TlsSettings tls) {}

    /** 429 and 5xx: the default for vendors whose status line means what it says. */
    public static final Predicate<WireResponse> RETRY_THROTTLED_OR_SERVER_ERROR = r -> r.status() == 429 || r.status() >= 500;

    private static final Duration BASE_DELAY = Duration.ofMillis(250);
    private static final Duration MAX_DELAY = Duration.ofSeconds(8);
    private static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(120);

    private final Settings settings;
    private final Redactor redactor;
    private final PrintStream trace;
    /** Enough for a batch's most workers (--parallel 256); the pool opens connections only as needed. */
    private static final int MAX_CONNECTIONS = 256;

    private final AtomicLong retries = new AtomicLong();
    /** Per thread while an update is in hand: {requests sent, depth of uncounted work (a login)}. */
    private final ThreadLocal<int[]> tally = new ThreadLocal<>();
    private static final long IDLE_NANOS = 1_000_000_000L;
    private final AtomicLong lastIdleCheck = new AtomicLong(System.nanoTime());
    private HttpRequester client;

    /** @param trace where {@code --verbose} writes, or null for no trace */
    public Transport(Settings settings, Redactor redactor, PrintStream trace) {
        this.settings = settings;
        this.redactor = redactor;
        this.trace = trace;
    }

    public Redactor redactor() {
        return redactor;
    }

    /** How many requests this transport has sent again, for a batch's summary. */
    public long retries() {
        return retries.get();
    }

    public WireResponse send(WireRequest request) {
        return send(request, RETRY_THROTTLED_OR_SERVER_ERROR);
    }

    /**
     * Starts counting the requests this thread sends, retries included, until the answer is closed:
     * how many attempts one update took, however its client sent it (a session renewal resends it).
     */
    public Attempts countAttempts() {
        int[] counter = new int[2];
        tally.set(counter);
        return new Attempts(counter);
    }

    /** Runs {@code work} (a login) without counting its requests as attempts of the update in hand. */
    public <T> T uncounted(Supplier<T> work) {
        int[] counter = tally.get();
        if (counter == null) return work.get();
        counter[1]++;
        try {
            return work.get();
        } finally {
            counter[1]--;
        }
    }

    /** The requests one thread sent for one update; see {@link #countAttempts()}. */
    public final class Attempts implements AutoCloseable {
        private final int[] counter;

        private Attempts(int[] counter) {
            this.counter = counter;
        }

        /** At least 1: an update that failed before its request left still took one attempt to fail. */
        public int count() {
            return Math.max(1, counter[0]);
        }

        @Override
        public void close() {
            tally.remove();
        }
    }

    /**
     * Sends, retrying what {@code retryable} accepts and every connection failure, up to the
     * configured number of retries; answers the last response, or fails with exit 5.
     */
    public WireResponse send(WireRequest request, Predicate<WireResponse> retryable) {
        client(request.uri().getScheme());
        int attempts = settings.retries() + 1;
        for (int attempt = 1; ; attempt++) {
            WireResponse response;
            try {
                response = sendOnce(request, attempt);
            } catch (IOException e) {
                BillctlException failure = networkFailure(request, e, attempt);
                if (attempt >= attempts || !isRetryable(e)) throw failure;
                traceLine("! " + failure.getMessage() + "; retrying");
                retries.incrementAndGet();
                sleep(backoff(attempt), request);
                continue;
            }
            if (attempt >= attempts || !retryable.test(response)) return response;
            Duration backoff = backoff(attempt);
            Duration wait = retryAfter(response).filter(d -> d.compareTo(backoff) > 0).orElse(backoff);
            traceLine("! HTTP " + response.status() + "; retrying in " + wait.toMillis() + " ms");
            retries.incrementAndGet();
            sleep(wait, request);
        }
    }

    private WireResponse sendOnce(WireRequest request, int attempt) throws IOException {
        URI uri = request.uri();
        HttpHost target = target(uri);
        String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        ClassicHttpRequest http = new BasicClassicHttpRequest(request.method(), target, path);
        for (Map.Entry<String, String> header : request.headers()) http.addHeader(header.getKey(), header.getValue());
        // No content type on the entity: the request's own Content-Type header is the one sent.
        if (request.body().length > 0) http.setEntity(new ByteArrayEntity(request.body(), null));
        traceRequest(request, attempt);
        int[] counter = tally.get();
        if (counter != null && counter[1] == 0) counter[0]++;
        long started = System.nanoTime();
        closeIdleConnections(started);
        WireResponse response;
        try {
            response = client.execute(target, http, Timeout.of(settings.timeout()), new BasicHttpContext(), raw -> {
                Map<String, List<String>> headers = new TreeMap<>();
                for (Header header : raw.getHeaders()) {
                    headers.computeIfAbsent(header.getName().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(header.getValue());
                }
                byte[] body = raw.getEntity() == null ? new byte[0] : EntityUtils.toByteArray(raw.getEntity());
                return new WireResponse(raw.getCode(), headers, body, attempt);
            });
        } catch (HttpException e) {
            // A reply that is not HTTP (a malformed status line, say): a network failure like any other.
            throw new IOException("malformed HTTP response: " + e.getMessage(), e);
        }
        traceResponse(response, Duration.ofNanos(System.nanoTime() - started));
        return response;
    }

    /**
     * HttpCore's pool does not check a connection before it reuses it (HttpClient did, after 2 s
     * idle): a server that closed an idle keep-alive connection would cost a request sent on it a
     * failed attempt and a retry. So at most once a second, connections idle for a second are
     * closed: after a pause, and in a batch whose concurrency ebbs and leaves some unused.
     */
    private void closeIdleConnections(long now) {
        long last = lastIdleCheck.get();
        if (now - last < IDLE_NANOS || !lastIdleCheck.compareAndSet(last, now)) return; // the busy path: one read
        client.closeIdle(TimeValue.of(IDLE_NANOS, TimeUnit.NANOSECONDS));
    }

    /**
     * Where a request goes, from the URI's authority rather than {@link URI#getHost()}, which is
     * null for names java.net.URI does not take as host names ("my_host", a compose service).
     */
    private static HttpHost target(URI uri) {
        String hostAndPort = hostAndPort(uri);
        // A profile's URL with no usable host: the config is wrong, nothing to retry.
        if (hostAndPort == null || hostAndPort.isBlank()) throw BillctlException.usage("the URL " + uri + " names no host; fix the profile's url");
        try {
            return new HttpHost(uri.getScheme(), URIAuthority.create(hostAndPort));
        } catch (URISyntaxException e) {
            throw BillctlException.usage("the URL " + uri + " has no valid host and port (" + e.getReason() + "); fix the profile's url");
        }
    }

    /** host[:port] of a URI, without any user info; null when it has no authority. */
    private static String hostAndPort(URI uri) {
        String authority = uri.getRawAuthority();
        return authority == null ? null : authority.substring(authority.lastIndexOf('@') + 1);
    }

    /** One connection pool per run, set up for the first request's scheme (see the TLS note below). */
    private synchronized void client(String scheme) {
        if (client != null) return;
        Timeout timeout = Timeout.of(settings.timeout());
        TlsSettings tls = settings.tls();
        client = RequesterBootstrap.bootstrap()
                // Connect and read timeouts both; the pool wait is the execute call's.
                .setSocketConfig(SocketConfig.custom().setSoTimeout(timeout).setTcpNoDelay(true).build())
                .setMaxTotal(MAX_CONNECTIONS)
                .setDefaultMaxPerRoute(MAX_CONNECTIONS)
                .setPoolConcurrencyPolicy(PoolConcurrencyPolicy.LAX)
                // HttpProcessors.client() less its Expect: 100-continue, which would wait for the
                // server's interim answer before each body: Content-Length, Host, Connection and
                // User-Agent are added; every other header is the request's own.
                .setHttpProcessor(HttpProcessorBuilder.create()
                        .addAll(new RequestContent(), new RequestTargetHost(), new RequestConnControl(), new RequestUserAgent("billctl"))
                        .build())
                // Plain HTTP gets a context that trusts nothing, should TLS ever be attempted; every
                // context is made on first TLS use only (start-up).
                .setSslSocketFactory(new LazySslSocketFactory("http".equals(scheme) ? TlsSettings::trustingNothing : tls::sslContext))
                // Host names are checked (endpoint identification) unless --insecure said not to.
                .setSslSetupHandler(tls.insecure() ? parameters -> { } : DefaultTlsSetupHandler.CLIENT)
                .create();
    }

    @Override
    public synchronized void close() {
        if (client != null) client.close(CloseMode.IMMEDIATE);
        client = null;
    }

    private static boolean isRetryable(IOException e) {
        return !(e instanceof SSLException);
    }

    private BillctlException networkFailure(WireRequest request, IOException e, int attempt) {
        String host = Objects.requireNonNullElse(hostAndPort(request.uri()), "(no host)");
        String tries = attempt > 1 ? " (after " + attempt + " attempts)" : "";
        String message;
        if (e instanceof SSLException) {
            message = "TLS handshake with " + host + " failed: " + rootMessage(e)
                    + "; pass --ca-cert FILE to trust its CA (or --insecure to skip checks)";
        } else if (e instanceof SocketTimeoutException && String.valueOf(e.getMessage()).startsWith("Connect timed out")) {
            message = "could not connect to " + host + " within " + settings.timeout().toSeconds() + " s" + tries;
        } else if (e instanceof SocketTimeoutException) {
            message = "no answer from " + host + " within " + settings.timeout().toSeconds() + " s" + tries;
        } else if (e instanceof UnknownHostException) {
            message = "cannot resolve the host name of " + host + tries;
        } else if (e instanceof ConnectException) {
            message = "cannot connect to " + host + ": connection refused" + tries;
        } else if (e instanceof NoHttpResponseException) {
            message = "the connection to " + host + " closed without an answer" + tries;
        } else {
            message = "connection to " + host + " failed: " + rootMessage(e) + tries;
        }
        return new BillctlException(ExitCode.UNAVAILABLE, redactor.text(message), e);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
    }

    static Duration backoff(int attempt) {
        long ceiling = Math.min(MAX_DELAY.toMillis(), BASE_DELAY.toMillis() << Math.min(attempt - 1, 10));
        // Half fixed, half random: spreads many clients apart without ever retrying at once.
        return Duration.ofMillis(ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1));
    }

    /** Retry-After in seconds or as an HTTP date, capped so a confused server cannot park a run. */
    static java.util.Optional<Duration> retryAfter(WireResponse response) {
        return response.header("retry-after").map(value -> {
            Duration wait;
            try {
                wait = Duration.ofSeconds(Long.parseLong(value.trim()));
            } catch (NumberFormatException notSeconds) {
                try {
                    wait = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME));
                } catch (RuntimeException notDate) {
                    return Duration.ZERO;
                }
            }
            if (wait.isNegative()) return Duration.ZERO;
            return wait.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : wait;
        });
    }

    private static void sleep(Duration wait, WireRequest request) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BillctlException(ExitCode.INTERRUPTED, "interrupted while retrying " + request.method() + " " + request.uri().getPath());
        }
    }

    private void traceRequest(WireRequest request, int attempt) {
        if (trace == null) return;
        StringBuilder out = new StringBuilder();
        out.append("> ").append(request.method()).append(' ').append(redactor.text(request.uri().toString()));
        if (attempt > 1) out.append("  (attempt ").append(attempt).append(')');
        out.append('\n');
        for (Map.Entry<String, String> header : request.headers()) {
            out.append("> ").append(header.getKey()).append(": ").append(redactor.header(header.getKey(), header.getValue())).append('\n');
        }
        if (request.body().length > 0) out.append(">\n> ").append(redactor.body(request.header("Content-Type"), request.bodyText())).append('\n');
        synchronized (trace) {
            trace.print(out);
        }
    }

    private void traceResponse(WireResponse response, Duration took) {
        if (trace == null) return;
        StringBuilder out = new StringBuilder();
        out.append("< ").append(response.status()).append("  (").append(took.toMillis()).append(" ms)\n");
        response.headers().forEach((name, values) -> values.forEach(v -> out.append("< ").append(name).append(": ").append(redactor.header(name, v)).append('\n')));
        if (response.body().length > 0) {
            out.append("<\n< ").append(redactor.body(response.header("content-type").orElse(null), response.bodyText())).append('\n');
        }
        synchronized (trace) {
            trace.print(out);
        }
    }

    private void traceLine(String line) {
        if (trace == null) return;
        synchronized (trace) {
            trace.println(line);
        }
    }
}
