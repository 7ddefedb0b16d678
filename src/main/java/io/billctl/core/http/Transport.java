package io.billctl.core.http;

import io.billctl.core.BillctlException;
import io.billctl.core.BuildInfo;
import io.billctl.core.ExitCode;
import io.billctl.core.output.TerminalText;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpConnection;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.MessageConstraintException;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.impl.Http1StreamListener;
import org.apache.hc.core5.function.Resolver;
import org.apache.hc.core5.http.impl.DefaultAddressResolver;
import org.apache.hc.core5.http.impl.DefaultConnectionReuseStrategy;
import org.apache.hc.core5.http.impl.bootstrap.HttpRequester;
import org.apache.hc.core5.http.impl.io.HttpRequestExecutor;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.ssl.DefaultTlsSetupHandler;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;
import org.apache.hc.core5.http.protocol.BasicHttpContext;
import org.apache.hc.core5.http.protocol.HttpProcessorBuilder;
import org.apache.hc.core5.http.protocol.RequestConnControl;
import org.apache.hc.core5.http.protocol.RequestContent;
import org.apache.hc.core5.http.protocol.RequestTargetHost;
import org.apache.hc.core5.http.protocol.RequestUserAgent;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.net.URIAuthority;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * Sends {@link WireRequest}s with Apache HttpCore 5's classic requester (chosen over java.net.http
 * by measurement: faster, and no lost requests under load; and over HttpClient 5, the same
 * library's client, whose execution chain of redirects, auth and cookies billctl switches off
 * anyway and which cost a fifth of a batch's CPU): one connection pool per run, retries with
 * backoff and jitter on connection errors and on responses a backend calls retryable, and a
 * {@code --verbose} trace in which every secret is masked and nothing a server sent can drive the
 * terminal.
 * <p>
 * Everything is bounded. {@code --timeout} bounds one whole exchange (connect, TLS, send, the
 * answer to its last byte), enforced by a watchdog that closes the connection at the deadline;
 * one update, its retries and their waits included, is bounded by {@link Settings#updateLimit()};
 * Retry-After is honoured up to {@link #MAX_RETRY_AFTER}; an answer is read up to
 * {@link Settings#maxResponseBytes()} ({@value #MAX_RESPONSE_VAR}) and its head up to
 * {@value #MAX_HEADER_LINE} bytes a line and {@value #MAX_HEADERS} lines.
 * <p>
 * What is retried: connection failures before an answer began (refused, reset, closed without an
 * answer, no answer within the timeout) and whatever the caller's predicate accepts (429 and 5xx
 * by default). Never retried: TLS failures, an answer too large, a malformed answer head, and an
 * answer that began but did not finish in time (the server answered; sending again would only
 * apply the update again).
 */
public final class Transport implements AutoCloseable {
    /** The answer size a run reads unless {@value #MAX_RESPONSE_VAR} says otherwise: 16 MiB. */
    public static final long DEFAULT_MAX_RESPONSE_BYTES = 16L << 20;
    /** The environment variable that sets the largest answer read ("64m", "512k", a number of bytes). */
    public static final String MAX_RESPONSE_VAR = "BILLCTL_MAX_RESPONSE_SIZE";
    /** The longest Retry-After honoured; a server asking for more fails the update at once. */
    public static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(60);
    /** Waits longer than this are announced (one line on stderr for a single update). */
    public static final Duration ANNOUNCED_WAIT = Duration.ofSeconds(5);
    /** The most one update may take, however many retries and however long a timeout (unless one exchange alone may take longer). */
    public static final Duration MAX_UPDATE = Duration.ofMinutes(10);
    static final int MAX_HEADER_LINE = 64 * 1024;
    static final int MAX_HEADERS = 256;
    /** The most of a body a {@code --verbose} trace shows. */
    private static final int TRACE_BODY_CHARS = 64 * 1024;

    /**
     * The knobs a run sets: from global options, the profile, and the environment. {@code proxies} is null
     * when no proxy is configured (the usual case, which then loads no proxy code).
     */
    public record Settings(Duration timeout, int retries, TlsSettings tls, long maxResponseBytes, Proxies proxies) {
        public Settings(Duration timeout, int retries, TlsSettings tls) {
            this(timeout, retries, tls, DEFAULT_MAX_RESPONSE_BYTES, null);
        }

        public Settings(Duration timeout, int retries, TlsSettings tls, long maxResponseBytes) {
            this(timeout, retries, tls, maxResponseBytes, null);
        }

        /**
         * How long one update may take, its retries and the waits between them included:
         * timeout × (retries + 1) plus the longest backoff before each retry, at most
         * {@link #MAX_UPDATE} (or one timeout, when that alone is longer). Each attempt also has the
         * watchdog's tick, by which an attempt cut at its timeout may overrun it: so that the last
         * attempt still gets its whole timeout rather than a sliver less ("within 1.9 s").
         */
        public Duration updateLimit() {
            long millis = (timeout.toMillis() + Watchdog.TICK_MILLIS) * (retries + 1L);
            for (int attempt = 1; attempt <= retries && millis < MAX_UPDATE.toMillis(); attempt++) millis += backoffCeiling(attempt);
            long cap = Math.max(MAX_UPDATE.toMillis(), timeout.toMillis());
            return Duration.ofMillis(Math.min(millis, cap));
        }
    }

    /** 429 and 5xx: the default for vendors whose status line means what it says. */
    public static final Predicate<WireResponse> RETRY_THROTTLED_OR_SERVER_ERROR = r -> r.status() == 429 || r.status() >= 500;

    private static final long BASE_DELAY_MILLIS = 250;
    private static final long MAX_DELAY_MILLIS = 8_000;

    private final Settings settings;
    private final Redactor redactor;
    private final PrintStream trace;
    /** Enough for a batch's most workers (--parallel 256); the pool opens connections only as needed. */
    private static final int MAX_CONNECTIONS = 256;

    private final AtomicLong retries = new AtomicLong();
    /** Per thread while an update is in hand: what it sent, its deadline, why it retried. */
    private final ThreadLocal<Tally> tally = new ThreadLocal<>();
    private static final long IDLE_NANOS = 1_000_000_000L;
    private final AtomicLong lastIdleCheck = new AtomicLong(System.nanoTime());
    private volatile Consumer<String> waits;
    /** {@link #watchUnanswered}: who watches the attempts that get no answer, the streak of them so far, and whether retries stopped. */
    private volatile Unanswered unansweredWatcher;
    private final java.util.concurrent.atomic.AtomicInteger unansweredInARow = new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean retriesStopped;
    /** Whether any request of this transport has had an answer (any status). */
    private volatile boolean answeredOnce;
    private HttpRequester client;
    /** Closes the connection of an exchange past its deadline; one thread, started with the pool. */
    private Watchdog watchdog;

    /** @param trace where {@code --verbose} writes, or null for no trace */
    public Transport(Settings settings, Redactor redactor, PrintStream trace) {
        this.settings = settings;
        this.redactor = redactor;
        this.trace = trace;
    }

    public Redactor redactor() {
        return redactor;
    }

    public Settings settings() {
        return settings;
    }

    /** How many requests this transport has sent again, for a batch's summary. */
    public long retries() {
        return retries.get();
    }

    /**
     * Where a wait longer than {@link #ANNOUNCED_WAIT} is told, as one line (a single update shows
     * it on stderr, so that a long Retry-After is not a silent pause); null for nowhere.
     */
    public void announceWaits(Consumer<String> lines) {
        this.waits = lines;
    }

    /** Watches the attempts that went out and got no answer within the timeout (a batch's breaker). */
    public interface Unanswered {
        /**
         * Another such attempt: {@code streak} of them in a row, whichever threads sent them, not one
         * answer in between; {@code neverAnswered} when no request of this transport has had an answer
         * yet; {@code failure} what it met. True stops every retry from now on (each request in flight
         * fails when its attempt ends, and a retry waiting for its turn is not sent).
         */
        boolean unanswered(int streak, boolean neverAnswered, String failure);
    }

    /**
     * For a run of many requests: {@code watcher} hears of each attempt that got no answer. A refused
     * connection is not one: a server restarting refuses for a moment, and retries carry the records
     * through it; a server that takes connections and answers nothing would otherwise hold each
     * record through all its retries at the full timeout.
     */
    public void watchUnanswered(Unanswered watcher) {
        this.unansweredWatcher = watcher;
    }

    private void unanswered(String failure) {
        Unanswered watcher = unansweredWatcher;
        if (watcher == null) return;
        if (watcher.unanswered(unansweredInARow.incrementAndGet(), !answeredOnce, failure)) retriesStopped = true;
    }

    public WireResponse send(WireRequest request) {
        return send(request, RETRY_THROTTLED_OR_SERVER_ERROR);
    }

    /**
     * Starts one update on this thread, until the answer is closed: its requests are counted, retries
     * included, however its client sent them (a session renewal resends one); the reasons of its
     * retries are kept; and every request it sends, a login included, shares one deadline,
     * {@link Settings#updateLimit()} from now.
     */
    public Attempts countAttempts() {
        Tally counter = new Tally(System.nanoTime() + settings.updateLimit().toNanos());
        tally.set(counter);
        return new Attempts(counter);
    }

    /** Runs {@code work} (a login) without counting its requests as attempts of the update in hand. */
    public <T> T uncounted(Supplier<T> work) {
        Tally counter = tally.get();
        if (counter == null) return work.get();
        counter.uncounted++;
        try {
            return work.get();
        } finally {
            counter.uncounted--;
        }
    }

    /** One update's requests: how many, and why any were sent again. */
    private static final class Tally {
        final long deadline;
        int sent;
        int uncounted;
        final List<String> reasons = new ArrayList<>(2);
        boolean repeated;

        Tally(long deadline) {
            this.deadline = deadline;
        }
    }

    /** The requests one thread sent for one update; see {@link #countAttempts()}. */
    public final class Attempts implements AutoCloseable {
        private final Tally counter;

        private Attempts(Tally counter) {
            this.counter = counter;
        }

        /** At least 1: an update that failed before its request left still took one attempt to fail. */
        public int count() {
            return Math.max(1, counter.sent);
        }

        /** Why each retry was needed ("HTTP 503", "the connection closed without an answer"), in order. */
        public List<String> retryReasons() {
            return List.copyOf(counter.reasons);
        }

        /**
         * Whether a request was sent again after one that had gone out and got no answer: the server
         * may have applied the update twice (with the same values, which are absolute).
         */
        public boolean mayHaveRepeated() {
            return counter.repeated;
        }

        @Override
        public void close() {
            tally.remove();
        }
    }

    /** Why one attempt failed without an answer, and whether it is worth another. */
    private record Failure(String message, String reason, boolean retryable) {}

    /**
     * Sends, retrying what {@code retryable} accepts and the connection failures worth retrying, up to
     * the configured number of retries and within the update's deadline; answers the last response,
     * or fails with exit 5.
     */
    public WireResponse send(WireRequest request, Predicate<WireResponse> retryable) {
        client(request.uri().getScheme());
        // Decided before anything is sent: a proxy URL that cannot be used is a usage error, nothing sent.
        Proxies.Proxy proxy = settings.proxies() == null ? null : proxyFor(target(request.uri()));
        Tally counter = tally.get();
        long deadline = counter != null ? counter.deadline : System.nanoTime() + settings.updateLimit().toNanos();
        int attempts = settings.retries() + 1;
        for (int attempt = 1; ; attempt++) {
            long left = deadline - System.nanoTime();
            Duration limit = Duration.ofNanos(Math.max(TimeUnit.MILLISECONDS.toNanos(100), Math.min(settings.timeout().toNanos(), left)));
            Exchange exchange = new Exchange();
            WireResponse response;
            try {
                response = sendOnce(request, attempt, limit, exchange, proxy);
            } catch (IOException e) {
                if (proxy != null && e instanceof Tunnel.Refused refused && refused.status() == 407) throw proxyAuthentication(proxy, refused.status());
                Failure failure = failure(request, e, exchange, limit, proxy);
                String tries = attempt > 1 ? " (after " + attempt + " attempts)" : "";
                if (exchange.sent() && !exchange.wasAnswered() && (exchange.expired() || e instanceof SocketTimeoutException)) unanswered(failure.message());
                if (attempt >= attempts || !failure.retryable() || retriesStopped) throw unavailable(failure.message() + tries, e);
                Duration wait = backoff(attempt);
                if (!fits(wait, deadline)) throw unavailable(failure.message() + outOfTime(attempt), e);
                retrying(counter, attempt, attempts, failure.reason(), wait, exchange.sent() && !exchange.wasAnswered(), request);
                // Stopped while this retry waited its turn: it is not sent (it would hold the run for one more timeout).
                if (retriesStopped) throw unavailable(failure.message() + tries, e);
                continue;
            }
            if (!answeredOnce) answeredOnce = true;
            if (unansweredInARow.get() != 0) unansweredInARow.set(0);
            if (proxy != null && response.status() == 407) throw proxyAuthentication(proxy, 407);
            if (attempt >= attempts || !retryable.test(response) || retriesStopped) return response;
            String reason = "HTTP " + response.status();
            Optional<Duration> asked = retryAfter(response);
            if (asked.isPresent() && asked.get().compareTo(MAX_RETRY_AFTER) > 0) {
                throw new BillctlException(ExitCode.UNAVAILABLE, host(request) + " answered " + reason + " and asked to wait "
                        + seconds(asked.get()) + " before trying again; billctl waits at most " + seconds(MAX_RETRY_AFTER) + tries(attempt));
            }
            Duration backoff = backoff(attempt);
            Duration wait = asked.filter(d -> d.compareTo(backoff) > 0).orElse(backoff);
            if (!fits(wait, deadline)) {
                if (asked.isEmpty()) return response; // the vendor's client says what the last answer meant
                throw new BillctlException(ExitCode.UNAVAILABLE, host(request) + " answered " + reason + " and asked to wait "
                        + seconds(asked.get()) + " before trying again, more than is left of this update's time" + outOfTime(attempt));
            }
            retrying(counter, attempt, attempts, asked.isPresent() ? reason + ", Retry-After " + seconds(asked.get()) : reason, wait, false, request);
            if (retriesStopped) return response;
        }
    }

    private static String tries(int attempt) {
        return attempt > 1 ? " (after " + attempt + " attempts)" : "";
    }

    /** Whether a wait leaves time for another attempt before the update's deadline. */
    private static boolean fits(Duration wait, long deadline) {
        return System.nanoTime() + wait.toNanos() + TimeUnit.MILLISECONDS.toNanos(100) < deadline;
    }

    private String outOfTime(int attempt) {
        return " (gave up after " + attempt + " attempt" + (attempt > 1 ? "s" : "") + ": one update may take at most "
                + seconds(settings.updateLimit()) + ", see --timeout)";
    }

    /** The bookkeeping of one retry: the trace line, the counts, the reason, the announcement of a long wait, the wait. */
    private void retrying(Tally counter, int attempt, int attempts, String reason, Duration wait, boolean sentUnanswered, WireRequest request) {
        traceLine("! attempt " + attempt + " of " + attempts + " failed: " + reason + "; retrying in " + wait.toMillis() + " ms");
        retries.incrementAndGet();
        if (counter != null && counter.uncounted == 0) {
            counter.reasons.add(reason);
            if (sentUnanswered) counter.repeated = true;
        }
        Consumer<String> announce = waits;
        if (announce != null && wait.compareTo(ANNOUNCED_WAIT) > 0) {
            announce.accept("waiting " + seconds(wait) + " before attempt " + (attempt + 1) + " of " + attempts + " (" + reason + ")");
        }
        sleep(wait, request);
    }

    private WireResponse sendOnce(WireRequest request, int attempt, Duration limit, Exchange exchange, Proxies.Proxy proxy) throws IOException {
        URI uri = request.uri();
        HttpHost target = target(uri);
        String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        BasicClassicHttpRequest http = new BasicClassicHttpRequest(request.method(), target, path);
        for (Map.Entry<String, String> header : request.headers()) http.addHeader(header.getKey(), header.getValue());
        // No content type on the entity: the request's own Content-Type header is the one sent.
        if (request.body().length > 0) http.setEntity(new ByteArrayEntity(request.body(), null));
        if (proxy != null) {
            if (isHttps(target)) {
                // A new connection opens a CONNECT tunnel first (LazySslSocketFactory), then TLS with the server inside it.
                exchange.tunnelThrough(proxy, target.getHostName(), port(target));
            } else {
                // Plain HTTP through a proxy: the request line names the whole URL, and the proxy's credentials ride along.
                http.setAbsoluteRequestUri(true);
                if (proxy.authorization() != null) http.addHeader("Proxy-Authorization", proxy.authorization());
            }
        }
        traceRequest(request, attempt, proxy);
        Tally counter = tally.get();
        if (counter != null && counter.uncounted == 0) counter.sent++;
        long started = System.nanoTime();
        closeIdleConnections(started);
        WireResponse response;
        watchdog.watch(exchange, System.nanoTime() + limit.toNanos());
        exchange.begin();
        try {
            // The connect timeout bounds leasing a connection and connecting; the watchdog the rest.
            response = client.execute(target, http, Timeout.of(limit), new BasicHttpContext(), raw -> read(raw, attempt, exchange));
        } catch (HttpException e) {
            // A reply that is not HTTP (a malformed status line, say): a network failure like any other.
            throw new IOException("malformed HTTP response: " + e.getMessage(), e);
        } finally {
            watchdog.release(exchange);
            exchange.end();
        }
        traceResponse(response, Duration.ofNanos(System.nanoTime() - started));
        return response;
    }

    /** The answer, its body read up to the cap; the exchange is done once the last byte is in. */
    private WireResponse read(ClassicHttpResponse raw, int attempt, Exchange exchange) throws IOException {
        exchange.answered();
        Map<String, List<String>> headers = new TreeMap<>();
        for (Header header : raw.getHeaders()) {
            headers.computeIfAbsent(header.getName().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(header.getValue());
        }
        HttpEntity entity = raw.getEntity();
        byte[] body = entity == null ? new byte[0] : body(entity, exchange);
        exchange.finish();
        return new WireResponse(raw.getCode(), headers, body, attempt);
    }

    /** An answer larger than the cap: refused, and its connection closed rather than read to the end. */
    static final class TooLarge extends IOException {
        final long declared;

        TooLarge(long declared) {
            super("answer too large");
            this.declared = declared;
        }
    }

    private byte[] body(HttpEntity entity, Exchange exchange) throws IOException {
        long max = settings.maxResponseBytes();
        long declared = entity.getContentLength();
        if (declared > max) {
            exchange.abort();
            throw new TooLarge(declared);
        }
        InputStream in = entity.getContent();
        if (in == null) return new byte[0];
        if (declared >= 0) return in.readNBytes((int) declared);
        // Unknown length (chunked, or until the connection closes): in chunks, so that memory holds
        // what was read and no more, and reading stops one byte past the cap.
        List<byte[]> chunks = new ArrayList<>();
        long total = 0;
        while (true) {
            byte[] chunk = in.readNBytes((int) Math.min(64 * 1024, max + 1 - total));
            if (chunk.length == 0) break;
            chunks.add(chunk);
            total += chunk.length;
            if (total > max) {
                exchange.abort();
                throw new TooLarge(-1);
            }
        }
        byte[] body = new byte[(int) total];
        int at = 0;
        for (byte[] chunk : chunks) {
            System.arraycopy(chunk, 0, body, at, chunk.length);
            at += chunk.length;
        }
        return body;
    }

    /** Tells each exchange which connection carries it, as the request's head goes out. */
    private static final class ExchangeListener implements Http1StreamListener {
        @Override
        public void onRequestHead(HttpConnection connection, HttpRequest request) {
            Exchange exchange = Exchange.current();
            if (exchange != null) exchange.attach(connection);
        }

        @Override
        public void onResponseHead(HttpConnection connection, HttpResponse response) {
            // the response handler marks the exchange answered
        }

        @Override
        public void onExchangeComplete(HttpConnection connection, boolean keepAlive) {
            // nothing to do
        }
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

    private static String host(WireRequest request) {
        return Objects.requireNonNullElse(hostAndPort(request.uri()), "(no host)");
    }

    /**
     * One connection pool per run, set up for the first request's scheme (see the TLS note below). Made
     * as HttpCore's RequesterBootstrap makes it (a LAX pool, the default reuse strategy), less the
     * bootstrap, which cannot be given an address resolver: with a proxy, connections to a target go
     * to the proxy's address instead ({@link ProxyResolver}).
     */
    private synchronized void client(String scheme) {
        if (client != null) return;
        Timeout timeout = Timeout.of(settings.timeout());
        TlsSettings tls = settings.tls();
        watchdog = new Watchdog();
        client = new HttpRequester(
                new HttpRequestExecutor(Http1Config.DEFAULT, DefaultConnectionReuseStrategy.INSTANCE, new ExchangeListener()),
                // HttpProcessors.client() less its Expect: 100-continue, which would wait for the
                // server's interim answer before each body: Content-Length, Host, Connection and
                // User-Agent are added; every other header is the request's own.
                HttpProcessorBuilder.create()
                        .addAll(new RequestContent(), new RequestTargetHost(), new RequestConnControl(), new RequestUserAgent(BuildInfo.userAgent()))
                        .build(),
                // A kept-alive connection is reused only when nothing waits to be read on it (Connections).
                Connections.pool(MAX_CONNECTIONS),
                // Connect and read timeouts both; the pool wait is the execute call's; the whole
                // exchange is the watchdog's.
                SocketConfig.custom().setSoTimeout(timeout).setTcpNoDelay(true).build(),
                // An answer's head is bounded too: a line that never ends must not fill the heap.
                Connections.factory(Http1Config.custom().setMaxLineLength(MAX_HEADER_LINE).setMaxHeaderCount(MAX_HEADERS).build()),
                // Plain HTTP gets a context that trusts nothing, should TLS ever be attempted; every
                // context is made on first TLS use only (start-up).
                new LazySslSocketFactory("http".equals(scheme) ? TlsSettings::trustingNothing : tls::sslContext),
                // Host names are checked (endpoint identification) unless --insecure said not to.
                tls.insecure() ? parameters -> { } : DefaultTlsSetupHandler.CLIENT,
                null,
                settings.proxies() == null ? null : new ProxyResolver());
    }

    /** Where a new connection to a target goes: its proxy's address when it has one, else the target's own. */
    private final class ProxyResolver implements Resolver<HttpHost, InetSocketAddress> {
        @Override
        public InetSocketAddress resolve(HttpHost target) {
            Proxies.Proxy proxy = proxyFor(target);
            return proxy == null ? DefaultAddressResolver.INSTANCE.resolve(target) : new InetSocketAddress(proxy.host(), proxy.port());
        }
    }

    private Proxies.Proxy proxyFor(HttpHost target) {
        return settings.proxies().forTarget(target.getSchemeName(), target.getHostName(), port(target));
    }

    private static boolean isHttps(HttpHost target) {
        return "https".equalsIgnoreCase(target.getSchemeName());
    }

    /** The target's port, or its scheme's. */
    private static int port(HttpHost target) {
        return target.getPort() > 0 ? target.getPort() : isHttps(target) ? 443 : 80;
    }

    /** A proxy that wants credentials (407): exit 3, as any refused authentication, said as the proxy's. */
    private BillctlException proxyAuthentication(Proxies.Proxy proxy, int status) {
        String what = proxy.authorization() == null
                ? " asks for credentials (HTTP " + status + "); give them in its URL: http://USER:PASSWORD@HOST:PORT"
                : " refused the credentials in its URL (HTTP " + status + ")";
        return new BillctlException(ExitCode.AUTH, redactor.text(proxy.described() + what));
    }

    @Override
    public synchronized void close() {
        if (client != null) client.close(CloseMode.IMMEDIATE);
        client = null;
        if (watchdog != null) watchdog.close();
        watchdog = null;
    }

    private BillctlException unavailable(String message, IOException cause) {
        return new BillctlException(ExitCode.UNAVAILABLE, redactor.text(message), cause);
    }

    /** What went wrong with one attempt that got no usable answer, in words for its one error line. */
    private Failure failure(WireRequest request, IOException e, Exchange exchange, Duration limit, Proxies.Proxy proxy) {
        Failure failure = failure(request, e, exchange, limit);
        if (proxy == null) return failure;
        if (e instanceof Tunnel.Refused refused) {
            return new Failure(proxy.described() + " did not open a tunnel to " + host(request) + ": " + refused.getMessage(),
                    "proxy answered HTTP " + refused.status(), refused.status() >= 500);
        }
        if (!exchange.sent() && (e instanceof ConnectException || e instanceof UnknownHostException)) {
            String why = e instanceof ConnectException ? "connection refused" : "cannot resolve its host name";
            return new Failure("cannot connect to " + proxy.described() + " for " + host(request) + ": " + why, "proxy: " + why, true);
        }
        return new Failure(failure.message() + " (through " + proxy.described() + ")", failure.reason(), failure.retryable());
    }

    private Failure failure(WireRequest request, IOException e, Exchange exchange, Duration limit) {
        String host = host(request);
        if (e instanceof TooLarge large) {
            String size = large.declared >= 0 ? large.declared + " bytes" : "more than " + size(settings.maxResponseBytes());
            return new Failure("the answer from " + host + " is too large (" + size + "; billctl reads at most "
                    + size(settings.maxResponseBytes()) + ", " + MAX_RESPONSE_VAR + " raises it)", "answer too large", false);
        }
        if (exchange.expired() || e instanceof SocketTimeoutException) {
            String within = " within " + seconds(limit);
            if (exchange.wasAnswered()) {
                return new Failure("the answer from " + host + " did not arrive in full" + within + " (--timeout bounds the whole answer)",
                        "answer incomplete" + within, false);
            }
            if (exchange.stuckInHandshake()) {
                // A plain-HTTP server that waits for a request line never answers a TLS hello.
                return new Failure("TLS handshake with " + host + " got no answer" + within + ": if the server speaks plain HTTP on that port,"
                        + " the profile's URL should start with http://", "no TLS answer" + within, true);
            }
            if (!exchange.sent()) return new Failure("could not connect to " + host + within, "no connection" + within, true);
            return new Failure("no answer from " + host + within, "no answer" + within, true);
        }
        if (e instanceof SSLException tls) return new Failure(tlsFailure(host, tls), "TLS failed", false);
        if (e instanceof MessageConstraintException) {
            return new Failure("the answer from " + host + " has a malformed head: " + rootMessage(e), "malformed answer", false);
        }
        if (e instanceof UnknownHostException) return new Failure("cannot resolve the host name of " + host, "host name not resolved", true);
        if (e instanceof ConnectException) return new Failure("cannot connect to " + host + ": connection refused", "connection refused", true);
        if (e instanceof NoHttpResponseException) {
            return new Failure("the connection to " + host + " closed without an answer", "connection closed without an answer", true);
        }
        return new Failure("connection to " + host + " failed: " + rootMessage(e), "connection failed: " + rootMessage(e), true);
    }

    /**
     * A TLS failure by its cause, with the remedy that fits it. Never {@code --insecure}: a check
     * that failed is a reason to look, not to stop looking.
     */
    static String tlsFailure(String host, SSLException e) {
        String prefix = "TLS handshake with " + host + " failed: ";
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = e; t != null && !chain.contains(t); t = t.getCause()) chain.add(t);
        StringBuilder all = new StringBuilder();
        for (Throwable t : chain) {
            all.append(' ').append(t.getMessage());
            if (t instanceof CertificateExpiredException || t instanceof CertificateNotYetValidException) return expired(prefix);
            if (t instanceof CertPathValidatorException path && (path.getReason() == CertPathValidatorException.BasicReason.EXPIRED
                    || path.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID)) {
                return expired(prefix);
            }
        }
        String text = all.toString();
        if (text.contains("Unsupported or unrecognized SSL message") || text.contains("plaintext connection")) {
            return prefix + "the server does not speak TLS on that port; if it serves plain HTTP, the profile's URL should start with http://";
        }
        if (text.contains("No subject alternative") || text.contains("No name matching")) {
            return prefix + "its certificate is not for that host name (" + rootMessage(e) + "); check the host in the profile's URL";
        }
        if (text.contains("unable to find valid certification path") || text.contains("PKIX path building failed")
                || text.contains("signature check failed")) {
            return prefix + "its certificate is not signed by a CA billctl trusts; pass --ca-cert FILE with the CA that signed it";
        }
        if (text.contains("validity check failed")) return expired(prefix);
        return prefix + rootMessage(e);
    }

    private static String expired(String prefix) {
        return prefix + "its certificate has expired or is not yet valid; check the server's certificate and the clocks of both machines";
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
    }

    /** "5 s", or "2.5 s" for what is not whole seconds. */
    static String seconds(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 1000 == 0 || millis >= 10_000) return (millis + 500) / 1000 + " s";
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    /** "16 MiB", "512 KiB", "1000 bytes". */
    static String size(long bytes) {
        if (bytes >= 1 << 20 && bytes % (1 << 20) == 0) return (bytes >> 20) + " MiB";
        if (bytes >= 1 << 10 && bytes % (1 << 10) == 0) return (bytes >> 10) + " KiB";
        return bytes + " bytes";
    }

    /**
     * {@value #MAX_RESPONSE_VAR} as a number of bytes: "16m", "512k", "1g", or a plain number; null for
     * the default. A value billctl cannot read is a usage error (exit 2) rather than a silent default.
     */
    public static long maxResponseBytes(String value) {
        if (value == null || value.isBlank()) return DEFAULT_MAX_RESPONSE_BYTES;
        String text = value.trim().toLowerCase(Locale.ROOT);
        long unit = 1;
        if (text.endsWith("ib")) text = text.substring(0, text.length() - 2);
        else if (text.endsWith("b")) text = text.substring(0, text.length() - 1);
        if (!text.isEmpty()) {
            switch (text.charAt(text.length() - 1)) {
                case 'k' -> unit = 1L << 10;
                case 'm' -> unit = 1L << 20;
                case 'g' -> unit = 1L << 30;
                default -> unit = 1;
            }
            if (unit > 1) text = text.substring(0, text.length() - 1);
        }
        long number = -1;
        if (!text.isEmpty() && text.length() <= 10 && text.chars().allMatch(Character::isDigit)) number = Long.parseLong(text);
        long bytes = number * unit;
        if (number < 1 || bytes > 1L << 30) {
            throw BillctlException.usage(MAX_RESPONSE_VAR + " must be a size from 1 byte to 1g, such as 64m or 512k; got '" + value + "'");
        }
        return bytes;
    }

    static long backoffCeiling(int attempt) {
        return Math.min(MAX_DELAY_MILLIS, BASE_DELAY_MILLIS << Math.min(attempt - 1, 10));
    }

    static Duration backoff(int attempt) {
        long ceiling = backoffCeiling(attempt);
        // Half fixed, half random: spreads many clients apart without ever retrying at once.
        return Duration.ofMillis(ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1));
    }

    /**
     * Retry-After in seconds or as an HTTP date, as the server asked (the caller applies the cap):
     * a number too large for a long is taken as "for ever"; what is neither a number nor a date is
     * taken as nothing asked.
     */
    static Optional<Duration> retryAfter(WireResponse response) {
        return response.header("retry-after").flatMap(value -> {
            String text = value.trim();
            if (!text.isEmpty() && text.chars().allMatch(Character::isDigit)) {
                return Optional.of(text.length() > 15 ? Duration.ofSeconds(Long.MAX_VALUE / 2) : Duration.ofSeconds(Long.parseLong(text)));
            }
            try {
                Duration wait = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME));
                return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
            } catch (RuntimeException notDate) {
                return Optional.empty();
            }
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

    private void traceRequest(WireRequest request, int attempt, Proxies.Proxy proxy) {
        if (trace == null) return;
        StringBuilder out = new StringBuilder();
        if (proxy != null) out.append("* through ").append(proxy.described()).append('\n');
        out.append("> ").append(request.method()).append(' ').append(TerminalText.line(redactor.text(request.uri().toString()), 2000));
        if (attempt > 1) out.append("  (attempt ").append(attempt).append(')');
        out.append('\n');
        for (Map.Entry<String, String> header : request.headers()) {
            out.append("> ").append(TerminalText.line(redactor.text(header.getKey()), 200)).append(": ").append(TerminalText.line(redactor.header(header.getKey(), header.getValue()), 2000)).append('\n');
        }
        if (request.body().length > 0) out.append(">\n> ").append(traceBody(redactor.body(request.header("Content-Type"), request.bodyText()), "> ")).append('\n');
        print(out);
    }

    private void traceResponse(WireResponse response, Duration took) {
        if (trace == null) return;
        StringBuilder out = new StringBuilder();
        out.append("< ").append(response.status()).append("  (").append(took.toMillis()).append(" ms)\n");
        response.headers().forEach((name, values) -> values.forEach(v -> out.append("< ").append(TerminalText.line(redactor.text(name), 200)).append(": ")
                .append(TerminalText.line(redactor.header(name, v), 2000)).append('\n')));
        if (response.body().length > 0) {
            out.append("<\n< ").append(traceBody(redactor.body(response.header("content-type").orElse(null), response.bodyText()), "< ")).append('\n');
        }
        print(out);
    }

    /** A body as the trace shows it: secrets already masked, cut at 64 KiB, each line prefixed, nothing that drives a terminal. */
    private static String traceBody(String body, String prefix) {
        String shown = body.length() > TRACE_BODY_CHARS
                ? body.substring(0, TRACE_BODY_CHARS) + "\n… (" + (body.length() - TRACE_BODY_CHARS) + " more characters)"
                : body;
        return TerminalText.lines(shown).replace("\n", "\n" + prefix);
    }

    private void traceLine(String line) {
        if (trace == null) return;
        print(new StringBuilder(TerminalText.line(redactor.text(line), 2000)).append('\n'));
    }

    private void print(StringBuilder out) {
        synchronized (trace) {
            trace.print(out);
            trace.flush();
        }
    }
}
