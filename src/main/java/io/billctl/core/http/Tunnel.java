package io.billctl.core.http;

import io.billctl.core.BuildInfo;
import io.billctl.core.output.TerminalText;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A CONNECT tunnel through an HTTP proxy (RFC 9110, 9.3.6), opened on a socket connected to the proxy
 * before TLS with the server starts inside it. The proxy's answer head is read a byte at a time (nothing
 * past it belongs to the proxy) and bounded like any answer's head; anything but 2xx is {@link Refused}.
 */
final class Tunnel {
    private Tunnel() {}

    /** The proxy's refusal to open the tunnel: its status, and its reason phrase, cleaned, as the message. */
    static final class Refused extends IOException {
        private final int status;

        Refused(int status, String message) {
            super(message);
            this.status = status;
        }

        int status() {
            return status;
        }
    }

    static void open(Socket socket, Proxies.Proxy proxy, String host, int port) throws IOException {
        String authority = (host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
        StringBuilder head = new StringBuilder()
                .append("CONNECT ").append(authority).append(" HTTP/1.1\r\n")
                .append("Host: ").append(authority).append("\r\n")
                .append("User-Agent: ").append(BuildInfo.userAgent()).append("\r\n");
        if (proxy.authorization() != null) head.append("Proxy-Authorization: ").append(proxy.authorization()).append("\r\n");
        head.append("\r\n");
        OutputStream out = socket.getOutputStream();
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        InputStream in = socket.getInputStream();
        String status = line(in);
        if (status == null) throw new java.net.SocketException("the proxy closed the connection without answering CONNECT");
        for (int headers = 0; ; headers++) {
            String line = line(in);
            if (line == null || line.isEmpty()) break;
            if (headers >= Transport.MAX_HEADERS) throw new IOException("the proxy's answer to CONNECT has too many header lines");
        }
        String[] parts = status.split(" ", 3);
        int code;
        try {
            code = parts.length >= 2 && parts[0].startsWith("HTTP/") ? Integer.parseInt(parts[1]) : -1;
        } catch (NumberFormatException e) {
            code = -1;
        }
        if (code < 0) throw new IOException("the proxy answered CONNECT with something that is not HTTP: " + TerminalText.line(status, 120));
        if (code / 100 != 2) {
            throw new Refused(code, "HTTP " + code + (parts.length > 2 ? " " + TerminalText.line(parts[2], 120) : ""));
        }
    }

    /** One line of the answer's head without its CRLF; null at the end of the stream before any byte. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            if (line.size() >= Transport.MAX_HEADER_LINE) throw new IOException("a line of the proxy's answer to CONNECT is too long");
            line.write(b);
        }
    }
}
