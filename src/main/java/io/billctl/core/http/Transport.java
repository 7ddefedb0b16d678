package io.billctl.core.http;

import io.billctl.core.BillctlException;
import io.billctl.core.ExitCode;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.HostnameVerificationPolicy;
import org.apache.hc.client5.http.ssl.NoopHostnameVerifier;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;

/**
 * Sends {@link WireRequest}s with Apache HttpClient 5 (chosen over java.net.http by measurement:
 * faster, and no lost requests under load): one pooled client per run, a timeout on every call,
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
    private CloseableHttpClient client;

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
        // Not ClassicRequestBuilder: it re-parses every URI with URIBuilder, whose checks format
        // a message each time (String.format showed up in a batch's profile).
        HttpUriRequestBase http = new HttpUriRequestBase(request.method(), request.uri());
        for (Map.Entry<String, String> header : request.headers()) http.addHeader(header.getKey(), header.getValue());
        // No content type on the entity: the request's own Content-Type header is the one sent.
        if (request.body().length > 0) http.setEntity(new ByteArrayEntity(request.body(), null));
        traceRequest(request, attempt);
        long started = System.nanoTime();
        WireResponse response = client.execute(http, raw -> {
            Map<String, List<String>> headers = new TreeMap<>();
            for (Header header : raw.getHeaders()) {
                headers.computeIfAbsent(header.getName().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(header.getValue());
            }
            byte[] body = raw.getEntity() == null ? new byte[0] : EntityUtils.toByteArray(raw.getEntity());
            return new WireResponse(raw.getCode(), headers, body, attempt);
        });
        traceResponse(response, Duration.ofNanos(System.nanoTime() - started));
        return response;
    }

    /** One pooled client per run, built for the first request's scheme (see the TLS note below). */
    private synchronized void client(String scheme) {
        if (client != null) return;
        Timeout timeout = Timeout.of(settings.timeout());
        PoolingHttpClientConnectionManagerBuilder connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(MAX_CONNECTIONS)
                .setMaxConnPerRoute(MAX_CONNECTIONS)
                .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(timeout).setSocketTimeout(timeout).build());
        TlsSettings tls = settings.tls();
        if (tls.insecure()) {
            connections.setTlsSocketStrategy(new DefaultClientTlsStrategy(tls.sslContext(), HostnameVerificationPolicy.CLIENT, NoopHostnameVerifier.INSTANCE));
        } else if (tls.caCert() != null) {
            connections.setTlsSocketStrategy(new DefaultClientTlsStrategy(tls.sslContext()));
        } else if ("http".equals(scheme)) {
            // The default TLS strategy loads every CA of the trust store (~350 ms here) even for
            // plain HTTP; a context that trusts nothing fails closed. It is made only if TLS is
            // ever attempted: creating any SSLContext starts JSSE and its providers (start-up).
            connections.setTlsSocketStrategy((socket, target, port, attachment, context) ->
                    new DefaultClientTlsStrategy(TlsSettings.trustingNothing()).upgrade(socket, target, port, attachment, context));
        }
        client = HttpClients.custom()
                .setConnectionManager(connections.build())
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(timeout).setConnectionRequestTimeout(timeout).build())
                .setUserAgent("billctl")
                // billctl retries, redirects and encodes itself: the request shown is the request sent.
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableContentCompression()
                .disableCookieManagement()
                .disableAuthCaching()
                .build();
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
        String host = request.uri().getHost() + (request.uri().getPort() > 0 ? ":" + request.uri().getPort() : "");
        String tries = attempt > 1 ? " (after " + attempt + " attempts)" : "";
        String message;
        if (e instanceof SSLException) {
            message = "TLS handshake with " + host + " failed: " + rootMessage(e)
                    + "; pass --ca-cert FILE to trust its CA (or --insecure to skip checks)";
        } else if (e instanceof ConnectTimeoutException) {
            message = "could not connect to " + host + " within " + settings.timeout().toSeconds() + " s" + tries;
        } else if (e instanceof SocketTimeoutException) {
            message = "no answer from " + host + " within " + settings.timeout().toSeconds() + " s" + tries;
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
