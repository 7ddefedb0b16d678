package io.billctl.core.http;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An HTTP request exactly as it leaves billctl. Built by a backend, sent by the transport,
 * or printed by {@code --dry-run}; the same object in each case, so what is shown is what is sent.
 */
public record WireRequest(String method, URI uri, List<Map.Entry<String, String>> headers, byte[] body) {

    public WireRequest {
        headers = List.copyOf(headers);
        body = body == null ? new byte[0] : body;
    }

    public static Builder builder(String method, URI uri) {
        return new Builder(method, uri);
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    public String header(String name) {
        for (Map.Entry<String, String> header : headers) {
            if (header.getKey().equalsIgnoreCase(name)) return header.getValue();
        }
        return null;
    }

    /** The same request with one header replaced (a renewed token), the rest untouched. */
    public WireRequest withHeader(String name, String value) {
        List<Map.Entry<String, String>> copy = new ArrayList<>();
        for (Map.Entry<String, String> header : headers) {
            if (!header.getKey().equalsIgnoreCase(name)) copy.add(header);
        }
        copy.add(Map.entry(name, value));
        return new WireRequest(method, uri, copy, body);
    }

    @Override
    public String toString() {
        return method + " " + uri; // never the headers or body: they may hold secrets
    }

    public static final class Builder {
        private final String method;
        private final URI uri;
        private final List<Map.Entry<String, String>> headers = new ArrayList<>();
        private byte[] body;

        private Builder(String method, URI uri) {
            this.method = method;
            this.uri = uri;
        }

        /**
         * A header; a value that is not printable ASCII (a key pasted with its line break, a control
         * character, a letter of another script) is refused here, before anything is sent: HttpCore would
         * send it altered ("?" or a space), and the server would answer 401 for a key that was never sent.
         * The message names the header, never the value: it is most often a secret. Exit 3, as a credential
         * the server refuses: it is the profile's key (the only header billctl does not write itself), and
         * a batch stops at its first record instead of failing every one the same way.
         */
        public Builder header(String name, String value) {
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c < 0x20 && c != '\t' || c >= 0x7F) {
                    String what = c == '\n' ? "a line break" : c == '\r' ? "a carriage return" : c < 0x20 || c == 0x7F ? "a control character"
                            : "a character that is not ASCII";
                    throw new io.billctl.core.BillctlException(io.billctl.core.ExitCode.AUTH, "the " + name + " header would carry " + what + " at character " + (i + 1)
                            + ": a header takes printable ASCII only (a key pasted with more than the key?); nothing was sent");
                }
            }
            if (value.isBlank() && (name.equalsIgnoreCase("X-Api-Key") || name.equalsIgnoreCase("Authorization"))) {
                throw new io.billctl.core.BillctlException(io.billctl.core.ExitCode.AUTH, "the " + name + " header would be empty: the profile's key is empty; nothing was sent");
            }
            headers.add(Map.entry(name, value));
            return this;
        }

        public Builder body(String contentType, String text) {
            header("Content-Type", contentType);
            this.body = text.getBytes(StandardCharsets.UTF_8);
            return this;
        }

        public WireRequest build() {
            return new WireRequest(method, uri, headers, body);
        }
    }
}
