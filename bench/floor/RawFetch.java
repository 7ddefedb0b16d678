import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The floor of bench/list.sh without an HTTP library: the same pages fetched in sequence on one
 * keep-alive connection with a bare socket (Content-Length answers only, nothing checked), bodies
 * read and dropped. What the JVM itself costs over curl, before any HTTP client or JSON.
 * Usage: java RawFetch PORT ACCOUNTS PAGE
 */
public final class RawFetch {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int accounts = Integer.parseInt(args[1]);
        int page = Integer.parseInt(args[2]);
        long bytes = 0;
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
            OutputStream out = socket.getOutputStream();
            for (int offset = 0; offset <= accounts; offset += page) {
                out.write(("GET /api/clients/accounts?limit=" + page + "&offset=" + offset + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                        + "\r\nX-Api-Key: bench-key\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                int length = -1;
                StringBuilder line = new StringBuilder();
                for (int c = in.read(); c >= 0; c = in.read()) {
                    if (c != '\n') {
                        line.append((char) c);
                        continue;
                    }
                    String header = line.toString().trim();
                    line.setLength(0);
                    if (header.isEmpty()) break;
                    if (header.regionMatches(true, 0, "content-length:", 0, 15)) length = Integer.parseInt(header.substring(15).trim());
                }
                bytes += in.readNBytes(length).length;
            }
        }
        System.err.println("raw socket: " + bytes + " bytes");
    }
}
