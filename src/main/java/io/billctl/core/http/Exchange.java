package io.billctl.core.http;

import java.io.IOException;
import java.net.Socket;
import org.apache.hc.core5.http.HttpConnection;
import org.apache.hc.core5.io.CloseMode;

/**
 * One request and its answer on the thread that sends it, and the deadline that bounds the whole
 * of it: connect, TLS, send, and the answer read to its last byte. A socket timeout only bounds
 * each read, so a server that drips its answer a byte a second would never meet it; instead the
 * transport's watchdog calls {@link #expire()} at the deadline, which closes the connection under
 * the blocked read. The connection is learnt as the request goes out ({@link #attach}), and the
 * TLS socket as it is layered, so even a handshake that never ends is cut.
 */
final class Exchange {
    private static final ThreadLocal<Exchange> CURRENT = new ThreadLocal<>();

    private HttpConnection connection;
    private Socket socket;
    private boolean sent;
    private boolean answered;
    private boolean done;
    private boolean expired;
    /** TLS began on a connected socket (after the proxy's tunnel, if any): the server was reached. */
    private boolean handshake;
    /** With a proxy, for https: the proxy and the server a new connection's tunnel leads to. */
    private Proxies.Proxy tunnelProxy;
    private String tunnelHost;
    private int tunnelPort;

    /** The exchange this thread has in hand, or null. */
    static Exchange current() {
        return CURRENT.get();
    }

    void begin() {
        CURRENT.set(this);
    }

    void end() {
        CURRENT.remove();
    }

    /** A new connection for this exchange goes through {@code proxy}, with a CONNECT tunnel to host:port. */
    void tunnelThrough(Proxies.Proxy proxy, String host, int port) {
        this.tunnelProxy = proxy;
        this.tunnelHost = host;
        this.tunnelPort = port;
    }

    /** The proxy of a tunnel, or null for a direct connection. */
    Proxies.Proxy tunnelProxy() {
        return tunnelProxy;
    }

    String tunnelHost() {
        return tunnelHost;
    }

    int tunnelPort() {
        return tunnelPort;
    }

    /** The request's head went out on {@code connection}: the server may act on it from now on. */
    synchronized void attach(HttpConnection connection) {
        this.connection = connection;
        this.sent = true;
        if (expired) closeNow();
    }

    /** A socket being set up for TLS, before the connection that will carry the request exists. */
    synchronized void attach(Socket socket) {
        this.socket = socket;
        if (expired) closeNow();
    }

    /** The TLS handshake starts on a socket that is connected (through the tunnel, with a proxy). */
    synchronized void handshaking() {
        handshake = true;
    }

    /** Connected, and the TLS handshake began but the request never went out. */
    synchronized boolean stuckInHandshake() {
        return handshake && !sent;
    }

    /** The status line and headers arrived. */
    synchronized void answered() {
        answered = true;
    }

    /** The answer is read: the watchdog must leave the connection alone, as it goes back to the pool. */
    synchronized void finish() {
        done = true;
    }

    /** The deadline passed: close whatever is open, so that a blocked read or connect fails now. */
    synchronized void expire() {
        if (done) return;
        expired = true;
        closeNow();
    }

    /** Closes the connection at once (an answer too large to read to its end). */
    synchronized void abort() {
        closeNow();
    }

    synchronized boolean expired() {
        return expired;
    }

    synchronized boolean sent() {
        return sent;
    }

    synchronized boolean wasAnswered() {
        return answered;
    }

    private void closeNow() {
        if (connection != null) connection.close(CloseMode.IMMEDIATE);
        if (socket != null) {
            try {
                socket.setSoLinger(true, 0);
            } catch (IOException ignored) {
                // closing anyway
            }
            try {
                socket.close();
            } catch (IOException ignored) {
                // closed is what was wanted
            }
        }
    }
}
