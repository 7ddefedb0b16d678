package io.billctl.core.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;

/**
 * An SSL socket factory whose context is made on first use. Making any SSLContext starts JSSE
 * and, for the JDK's default, reads every CA of the trust store (~350 ms here): a call to a
 * plain-HTTP endpoint, the sandbox's say, never pays for it.
 */
final class LazySslSocketFactory extends SSLSocketFactory {
    private final Supplier<SSLContext> context;
    private volatile SSLSocketFactory made;

    LazySslSocketFactory(Supplier<SSLContext> context) {
        this.context = context;
    }

    private SSLSocketFactory factory() {
        SSLSocketFactory factory = made;
        if (factory == null) {
            synchronized (this) {
                if (made == null) made = context.get().getSocketFactory();
                factory = made;
            }
        }
        return factory;
    }

    @Override public String[] getDefaultCipherSuites() { return factory().getDefaultCipherSuites(); }
    @Override public String[] getSupportedCipherSuites() { return factory().getSupportedCipherSuites(); }
    @Override public Socket createSocket() throws IOException { return factory().createSocket(); }
    /**
     * TLS over a connected socket, as the transport asks for it: the exchange in hand can cut the handshake.
     * Through a proxy, the socket is connected to the proxy: a CONNECT tunnel to the server is opened on it
     * first, and TLS runs inside the tunnel, with the server's name and port (the port given here is the proxy's).
     */
    @Override public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
        Exchange exchange = Exchange.current();
        if (exchange != null) exchange.attach(s);
        if (exchange != null && exchange.tunnelProxy() != null) {
            Tunnel.open(s, exchange.tunnelProxy(), exchange.tunnelHost(), exchange.tunnelPort());
            exchange.handshaking();
            return factory().createSocket(s, host, exchange.tunnelPort(), autoClose);
        }
        if (exchange != null) exchange.handshaking();
        return factory().createSocket(s, host, port, autoClose);
    }
    @Override public Socket createSocket(String host, int port) throws IOException { return factory().createSocket(host, port); }
    @Override public Socket createSocket(String host, int port, InetAddress local, int localPort) throws IOException {
        return factory().createSocket(host, port, local, localPort);
    }
    @Override public Socket createSocket(InetAddress host, int port) throws IOException { return factory().createSocket(host, port); }
    @Override public Socket createSocket(InetAddress address, int port, InetAddress local, int localPort) throws IOException {
        return factory().createSocket(address, port, local, localPort);
    }
}
