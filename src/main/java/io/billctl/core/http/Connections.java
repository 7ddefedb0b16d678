package io.billctl.core.http;

import java.io.IOException;
import java.net.Socket;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLSocket;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.impl.io.DefaultBHttpClientConnection;
import org.apache.hc.core5.http.impl.io.DefaultHttpRequestWriterFactory;
import org.apache.hc.core5.http.impl.io.DefaultHttpResponseParserFactory;
import org.apache.hc.core5.http.impl.io.SocketHolder;
import org.apache.hc.core5.http.io.HttpClientConnection;
import org.apache.hc.core5.http.io.HttpConnectionFactory;
import org.apache.hc.core5.http.io.HttpMessageParser;
import org.apache.hc.core5.http.io.SessionInputBuffer;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.pool.DefaultDisposalCallback;
import org.apache.hc.core5.pool.LaxConnPool;
import org.apache.hc.core5.pool.PoolEntry;
import org.apache.hc.core5.util.Timeout;

/**
 * A {@link Transport}'s connections and their pool, which reuses a kept-alive connection only when
 * nothing is waiting to be read on it. HttpCore's pool hands out an idle connection as it is; but
 * bytes that arrived after a complete answer (a second answer, garbage after the body, anything sent
 * while the connection sat in the pool) would be read as the answer to the next request sent on it,
 * and each later request would get the one before's answer: a refused update reported done. Such a
 * connection is broken: it is closed and the request gets a new one, as curl and Go's client do.
 * <p>
 * The check costs no wait: what HttpCore has already buffered, what TLS has decrypted and not handed
 * on, and what the kernel holds for the socket ({@code available()}, one non-blocking call), where
 * HttpCore's own stale check ({@code isStale}) blocks for up to a millisecond on every idle connection
 * and does not count bytes as a reason. Bytes still on their way when the check runs cannot be told
 * from the next request's answer by any HTTP/1.1 client (curl's and Go's checks leave the same window):
 * the check narrows it to the moments between a lease and the request going out.
 */
final class Connections {
    private Connections() {}

    /** The pool: {@link LaxConnPool}, as HttpCore's RequesterBootstrap makes it, whose leases are checked as they are handed out. */
    static LaxConnPool<HttpHost, HttpClientConnection> pool(int max) {
        return new CheckedPool(max);
    }

    /** The connections: HttpCore's own, as its DefaultBHttpClientConnectionFactory makes them with {@code config}, able to say whether bytes wait. */
    static HttpConnectionFactory<Connection> factory(Http1Config config) {
        return new HttpConnectionFactory<>() {
            @Override
            public Connection createConnection(Socket socket) throws IOException {
                Connection connection = new Connection(config, new Input());
                connection.bind(socket);
                return connection;
            }

            @Override
            public Connection createConnection(SSLSocket sslSocket, Socket socket) throws IOException {
                Connection connection = new Connection(config, new Input());
                if (sslSocket != null) connection.bind(sslSocket, socket);
                else connection.bind(socket);
                return connection;
            }
        };
    }

    /** The buffer a connection reads its answers through, as its parser first sees it (HttpCore keeps it private). */
    private static final class Input {
        volatile SessionInputBuffer buffer;
    }

    /** HttpCore's connection, which also tells whether anything waits to be read on it. */
    static final class Connection extends DefaultBHttpClientConnection {
        private final Input input;

        private Connection(Http1Config config, Input input) {
            super(config, null, null, null, null, new DefaultHttpRequestWriterFactory(config), parsers(config, input));
            this.input = input;
        }

        @SuppressWarnings("deprecation") // HttpMessageParserFactory's one abstract method is the deprecated create(Http1Config)
        private static org.apache.hc.core5.http.io.HttpMessageParserFactory<ClassicHttpResponse> parsers(Http1Config config, Input input) {
            HttpMessageParser<ClassicHttpResponse> parser = new DefaultHttpResponseParserFactory(config).create();
            HttpMessageParser<ClassicHttpResponse> noting = (buffer, in) -> {
                if (input.buffer != buffer) input.buffer = buffer;
                return parser.parse(buffer, in);
            };
            return ignored -> noting;
        }

        /**
         * Whether this connection may carry another request: open, and nothing to read on it: not in
         * HttpCore's buffer, not in TLS's, not in the kernel's. Never waits.
         */
        boolean clean() {
            SocketHolder holder = getSocketHolder();
            if (holder == null) return false;
            SessionInputBuffer buffer = input.buffer;
            if (buffer != null && buffer.length() > 0) return false;
            try {
                SSLSocket tls = holder.getSSLSocket();
                if (tls != null && tls.getInputStream().available() > 0) return false;
                return holder.getBaseSocket().getInputStream().available() == 0;
            } catch (IOException e) {
                return false;
            }
        }
    }

    /** A pool whose every lease, as it is handed out, drops a connection that is not {@link Connection#clean()}: HttpCore then opens a new one. */
    private static final class CheckedPool extends LaxConnPool<HttpHost, HttpClientConnection> {
        CheckedPool(int max) {
            super(max, null, null, new DefaultDisposalCallback<>(), null);
        }

        @Override
        public Future<PoolEntry<HttpHost, HttpClientConnection>> lease(HttpHost route, Object state, Timeout requestTimeout,
                FutureCallback<PoolEntry<HttpHost, HttpClientConnection>> callback) {
            return new Checked(super.lease(route, state, requestTimeout, callback));
        }
    }

    /** A lease whose connection is checked when the requester takes it. */
    private record Checked(Future<PoolEntry<HttpHost, HttpClientConnection>> lease) implements Future<PoolEntry<HttpHost, HttpClientConnection>> {
        @Override
        public PoolEntry<HttpHost, HttpClientConnection> get() throws InterruptedException, ExecutionException {
            return checked(lease.get());
        }

        @Override
        public PoolEntry<HttpHost, HttpClientConnection> get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
            return checked(lease.get(timeout, unit));
        }

        private static PoolEntry<HttpHost, HttpClientConnection> checked(PoolEntry<HttpHost, HttpClientConnection> entry) {
            // Closed at once (no graceful close, which would flush and wait): what is on it is not to be read.
            if (entry != null && entry.getConnection() instanceof Connection connection && !connection.clean()) entry.discardConnection(CloseMode.IMMEDIATE);
            return entry;
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            return lease.cancel(mayInterruptIfRunning);
        }

        @Override
        public boolean isCancelled() {
            return lease.isCancelled();
        }

        @Override
        public boolean isDone() {
            return lease.isDone();
        }
    }
}
