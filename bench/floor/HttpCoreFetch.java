import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.impl.bootstrap.HttpRequester;
import org.apache.hc.core5.http.impl.bootstrap.RequesterBootstrap;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;
import org.apache.hc.core5.http.protocol.BasicHttpContext;
import org.apache.hc.core5.util.Timeout;

/**
 * The floor of bench/list.sh with billctl's HTTP library and nothing of billctl's: the same pages
 * fetched in sequence through HttpCore 5's classic requester (as billctl's Transport uses it, without
 * its retries, deadlines, trace or JSON), bodies read into arrays and dropped.
 * Usage: java -cp billctl.jar:DIR HttpCoreFetch PORT ACCOUNTS PAGE
 */
public final class HttpCoreFetch {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int accounts = Integer.parseInt(args[1]);
        int page = Integer.parseInt(args[2]);
        HttpRequester requester = RequesterBootstrap.bootstrap()
                .setSocketConfig(SocketConfig.custom().setSoTimeout(Timeout.ofSeconds(30)).build()).create();
        HttpHost host = new HttpHost("http", "127.0.0.1", port);
        long bytes = 0;
        for (int offset = 0; offset <= accounts; offset += page) {
            BasicClassicHttpRequest request = new BasicClassicHttpRequest("GET", host, "/api/clients/accounts?limit=" + page + "&offset=" + offset);
            request.addHeader("X-Api-Key", "bench-key");
            bytes += requester.execute(host, request, Timeout.ofSeconds(30), new BasicHttpContext(), response -> {
                int length = (int) response.getEntity().getContentLength();
                byte[] body = new byte[length];
                return response.getEntity().getContent().readNBytes(body, 0, length);
            });
        }
        requester.close();
        System.err.println("HttpCore: " + bytes + " bytes");
    }
}
