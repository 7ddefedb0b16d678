package io.billctl.core.http;

import io.billctl.core.BillctlException;
import io.billctl.core.ExitCode;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;

/**
 * Sends {@link WireRequest}s with java.net.http: one client per run, a timeout on every call,
 * retries with backoff and jitter on connection errors and on responses a backend calls
 * retryable, and a {@code --verbose} trace in which every secret is masked.
 */
public final class Transport {
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
    private HttpClient client;

    /** @param trace where {@code --verbose} writes, or null for no trace */
    public Transport(Settings settings, Redactor redactor, PrintStream trace) {
        this.settings = settings;
        this.redactor = redactor;
        this.trace = trace;
    }

    public Redactor redactor() {
        return redactor;
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
                sleep(backoff(attempt), request);
                continue;
            }
            if (attempt >= attempts || !retryable.test(response)) return response;
            Duration backoff = backoff(attempt);
            Duration wait = retryAfter(response).filter(d -> d.compareTo(backoff) > 0).orElse(backoff);
            traceLine("! HTTP " + response.status() + "; retrying in " + wait.toMillis() + " ms");
            sleep(wait, request);
        }
    }

    private WireResponse sendOnce(WireRequest request, int attempt) throws IOException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(request.uri())
                .timeout(settings.timeout())
                .method(request.method(), request.body().length == 0 && !hasBody(request.method())
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(request.body()));
        for (Map.Entry<String, String> header : request.headers()) builder.header(header.getKey(), header.getValue());
        traceRequest(request, attempt);
        long started = System.nanoTime();
        HttpResponse<byte[]> raw;
        try {
            raw = client.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BillctlException(ExitCode.INTERRUPTED, "interrupted while waiting for " + request.uri().getHost());
        }
        Map<String, List<String>> headers = new TreeMap<>();
        raw.headers().map().forEach((name, values) -> headers.put(name.toLowerCase(), values));
        WireResponse response = new WireResponse(raw.statusCode(), headers, raw.body(), attempt);
        traceResponse(response, Duration.ofNanos(System.nanoTime() - started));
        return response;
    }

    private static boolean hasBody(String method) {
        return method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
    }

    private synchronized void client(String scheme) {
        if (client == null) {
            HttpClient.Builder builder = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(settings.timeout())
                    .followRedirects(HttpClient.Redirect.NEVER);
            if (settings.tls().insecure()) {
                // java.net.http checks host names itself unless told not to; --insecure means no checks.
                System.setProperty("jdk.internal.httpclient.disableHostnameVerification", "true");
                SSLParameters parameters = new SSLParameters();
                parameters.setEndpointIdentificationAlgorithm(null);
                builder.sslParameters(parameters);
            }
            if (settings.tls().insecure() || settings.tls().caCert() != null) {
                builder.sslContext(settings.tls().sslContext());
            } else if ("http".equals(scheme)) {
                // The JDK's default context loads every CA of the trust store (~350 ms here) even
                // for plain HTTP; a context that trusts nothing costs nothing and fails closed.
                builder.sslContext(TlsSettings.trustingNothing());
            }
            client = builder.build();
        }
    }

    private static boolean isRetryable(IOException e) {
        return !(e instanceof SSLException);
    }

    private BillctlException networkFailure(WireRequest request, IOException e, int attempt) {
        String host = request.uri().getHost() + (request.uri().getPort() > 0 ? ":" + request.uri().getPort() : "");
        String tries = attempt > 1 ? " (after " + attempt + " attempts)" : "";
        String message;
        if (e instanceof SSLHandshakeException) {
            message = "TLS handshake with " + host + " failed: " + rootMessage(e)
                    + "; pass --ca-cert FILE to trust its CA (or --insecure to skip checks)";
        } else if (e instanceof HttpConnectTimeoutException) {
            message = "could not connect to " + host + " within " + settings.timeout().toSeconds() + " s" + tries;
        } else if (e instanceof HttpTimeoutException) {
            message = "no answer from " + host + " within " + settings.timeout().toSeconds() + " s" + tries;
        } else if (e instanceof ConnectException) {
            message = "cannot connect to " + host + ": connection refused" + tries;
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
