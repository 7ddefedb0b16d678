package io.billctl.core.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A profile's base URL, checked as the transport will use it: {@code http} or {@code https}, a host
 * (a DNS name, where underscores are allowed as the transport takes them: a compose service such as
 * {@code my_host}; an IPv4 address; or an IPv6 address in brackets), a port from 1 to 65535 when one
 * is given, and no query or fragment, since billctl appends the API's own paths to it. Credentials do
 * not belong in it: a profile names where its secrets come from.
 */
public final class ProfileUrl {
    private ProfileUrl() {}

    /** Why a URL cannot be a profile's, in words that finish "--url ..." or "url ...". */
    public static final class Invalid extends Exception {
        private Invalid(String reason) {
            super(reason, null, false, false);
        }
    }

    /** The URL as the transport takes it (its scheme in lower case), or why it cannot be one. */
    public static URI parse(String url) throws Invalid {
        if (url == null || url.isBlank()) throw new Invalid("is empty; give the API's base URL, e.g. https://vcs.example.com/api");
        String text = url.strip();
        // First, and without quoting the URL: a password may hold '/', '?', '#' or ':', which every later check would
        // take for a path, a query, a fragment or a port, and quote. An '@' anywhere is refused as credentials (a
        // base URL has no '@' in its path, and no query or fragment at all).
        if (text.indexOf('@') >= 0) throw new Invalid("must not carry credentials; give the secret with the profile's secret options instead");
        int colon = text.indexOf("://");
        if (colon <= 0) throw new Invalid("'" + shown(url) + "' is not a URL: it should start with http:// or https://");
        String scheme = text.substring(0, colon).toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new Invalid("'" + shown(url) + "' has the scheme '" + text.substring(0, colon) + "'; billctl speaks http:// and https://");
        }
        text = scheme + text.substring(colon);
        int query = text.indexOf('?');
        int fragment = text.indexOf('#');
        if (query >= 0 || fragment >= 0) {
            String what = query >= 0 && (fragment < 0 || query < fragment)
                    ? "a query (?" + names(text.substring(query + 1, fragment > query ? fragment : text.length())) + ")"
                    : "a fragment";
            throw new Invalid("'" + shown(url) + "' has " + what + "; billctl appends the API's paths to the base URL, so give it without");
        }
        int authorityStart = colon + 3;
        int slash = text.indexOf('/', authorityStart);
        String authority = slash < 0 ? text.substring(authorityStart) : text.substring(authorityStart, slash);
        if (authority.indexOf('@') >= 0) throw new Invalid("must not carry credentials; give the secret with the profile's secret options instead");
        if (authority.isEmpty()) throw new Invalid("'" + shown(url) + "' names no host");
        String host;
        String port = null;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) throw new Invalid("'" + shown(url) + "' has an IPv6 address without its closing ']'");
            host = authority.substring(0, close + 1);
            String rest = authority.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) throw new Invalid("'" + shown(url) + "' has '" + rest + "' after its IPv6 address");
                port = rest.substring(1);
            }
            if (!ipv6(host.substring(1, host.length() - 1))) throw new Invalid("'" + shown(url) + "' has an invalid IPv6 address " + host);
        } else {
            int portColon = authority.lastIndexOf(':');
            host = portColon < 0 ? authority : authority.substring(0, portColon);
            if (portColon >= 0) port = authority.substring(portColon + 1);
            String problem = hostProblem(host);
            if (problem != null) throw new Invalid("'" + shown(url) + "' has an invalid host '" + host + "': " + problem);
        }
        if (port != null) {
            if (port.isEmpty()) throw new Invalid("'" + shown(url) + "' has ':' but no port after it");
            if (port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9') || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
                throw new Invalid("'" + shown(url) + "' has the port " + port + "; a port is a number from 1 to 65535");
            }
        }
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            throw new Invalid("'" + shown(url) + "' is not a valid URL: " + e.getReason() + (e.getIndex() >= 0 ? " at character " + (e.getIndex() + 1) : ""));
        }
    }

    /**
     * The URL as a message says it: the values of its query, its fragment and credentials before its host
     * left out, since any of them may hold a key ({@code BILLCTL_URL='https://h/api?key=…'}); the query's
     * names are kept, to say which it is.
     */
    static String shown(String url) {
        String text = url;
        String after = "";
        int fragment = text.indexOf('#');
        if (fragment >= 0) {
            text = text.substring(0, fragment);
            after = "#\u2026";
        }
        int query = text.indexOf('?');
        if (query >= 0) {
            after = "?" + names(text.substring(query + 1)) + after;
            text = text.substring(0, query);
        }
        int scheme = url.indexOf("://");
        int authority = scheme >= 0 ? scheme + 3 : 0;
        // Credentials end at the last '@' of the whole URL: a password may hold '/', '?' or '#' (the whole is masked then).
        if (url.lastIndexOf('@') >= authority) return url.substring(0, authority) + "****@\u2026";
        return text + after;
    }

    /** A query's parameter names, each value as "…" ({@code key=…&user=…}); a parameter without a name, "…" whole. */
    private static String names(String query) {
        StringBuilder out = new StringBuilder();
        int start = 0;
        for (int i = 0; i <= query.length(); i++) {
            if (i < query.length() && query.charAt(i) != '&' && query.charAt(i) != ';') continue;
            String pair = query.substring(start, i);
            int eq = pair.indexOf('=');
            if (eq >= 0) out.append(pair, 0, eq).append("=\u2026");
            else if (!pair.isEmpty()) out.append('\u2026');
            if (i < query.length()) out.append(query.charAt(i));
            start = i + 1;
        }
        return out.toString();
    }

    /** Null for a host the transport can connect to: a DNS name (underscores allowed) or an IPv4 address. */
    private static String hostProblem(String host) {
        if (host.isEmpty()) return "it is empty";
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        if (name.length() > 253) return "longer than 253 characters";
        if (name.chars().allMatch(c -> c >= '0' && c <= '9' || c == '.')) {
            String[] parts = name.split("\\.", -1);
            if (parts.length != 4) return "an IPv4 address has four numbers";
            for (String part : parts) {
                if (part.isEmpty() || part.length() > 3 || Integer.parseInt(part) > 255) return "each number of an IPv4 address is 0 to 255";
            }
            return null;
        }
        for (String label : name.split("\\.", -1)) {
            if (label.isEmpty()) return "it has an empty label (two dots, or a leading one)";
            if (label.length() > 63) return "a label is longer than 63 characters";
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_';
                if (!ok) {
                    return c > 127 ? "non-ASCII characters; give an internationalised name in its xn-- form"
                            : "'" + c + "' is not allowed in a host name (letters, digits, '-', '_' and '.')";
                }
            }
            if (label.startsWith("-") || label.endsWith("-")) return "a label starts or ends with '-'";
        }
        return null;
    }

    private static boolean ipv6(String address) {
        if (address.isEmpty() || address.indexOf(':') < 0) return false;
        for (int i = 0; i < address.length(); i++) {
            char c = address.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' || c == ':' || c == '.')) return false;
        }
        try {
            return new URI("http", null, "[" + address + "]", 80, null, null, null).getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
