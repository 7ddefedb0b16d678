package io.billctl.core.http;

import io.billctl.core.BillctlException;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which HTTP proxy, if any, carries a request, the way curl decides it: {@code --proxy URL} for every
 * URL, else {@code https_proxy}/{@code HTTPS_PROXY} for https URLs and {@code http_proxy}/
 * {@code HTTP_PROXY} for http ones (the lower-case form first, as curl reads them); never for a host
 * that {@code no_proxy}/{@code NO_PROXY} names, and, from the variables, never for loopback (the
 * sandbox, a tunnel on localhost), as Go's tools do. A proxy is {@code http://[USER:PASSWORD@]HOST[:PORT]}
 * (no scheme means http, no port 1080 as for curl); https URLs go through it with CONNECT, http ones
 * in absolute form. Its credentials become {@code Proxy-Authorization: Basic} and are given to the
 * run's {@link Redactor}, so that no output shows them.
 * <p>
 * Made only when a proxy variable or {@code --proxy} is set: a run without one loads none of this.
 */
public final class Proxies {
    /** The variables read, for a caller deciding whether to make a {@code Proxies} at all. */
    public static final List<String> VARIABLES = List.of("https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY");

    /** One proxy: where it listens, the header its credentials make, and how messages name it (masked). */
    public record Proxy(String host, int port, String authorization, String shown, String source) {
        /** "the proxy http://****@proxy:3128 (from HTTPS_PROXY)". */
        public String described() {
            return "the proxy " + shown + " (from " + source + ")";
        }
    }

    private final Map<String, String> vars;
    private final String flag;
    private final Redactor redactor;
    private final List<String> noProxy;
    private final Map<String, Proxy> bySource = new ConcurrentHashMap<>();
    /** The decision per scheme://host:port, made once a run: null values are kept as {@link #DIRECT}. */
    private final Map<String, Proxy> byTarget = new ConcurrentHashMap<>();
    private static final Proxy DIRECT = new Proxy("", 0, null, "", "");

    /**
     * @param flag {@code --proxy} as given, null when not given ("" sends directly)
     */
    public Proxies(Map<String, String> vars, String flag, Redactor redactor) {
        this.vars = vars;
        this.flag = flag;
        this.redactor = redactor;
        String no = variable("no_proxy", "NO_PROXY");
        List<String> entries = new ArrayList<>();
        if (no != null) {
            for (String entry : no.split("[,\\s]+")) if (!entry.isBlank()) entries.add(entry.strip().toLowerCase(Locale.ROOT));
        }
        this.noProxy = entries;
    }

    /** Whether a run with these variables and this {@code --proxy} needs a {@code Proxies} at all. */
    public static boolean configured(Map<String, String> vars, String flag) {
        if (flag != null) return !flag.isBlank();
        for (String name : VARIABLES) {
            String value = vars.get(name);
            if (value != null && !value.isBlank()) return true;
        }
        return false;
    }

    /**
     * The proxy for a request to {@code scheme://host:port}, or null to connect directly. A proxy URL that
     * cannot be used is a usage error naming where it came from, with its credentials masked.
     */
    public Proxy forTarget(String scheme, String host, int port) {
        String key = scheme + "://" + host + ":" + port;
        Proxy known = byTarget.get(key);
        if (known == null) {
            known = decide(scheme, host, port);
            byTarget.put(key, known == null ? DIRECT : known);
        }
        return known == DIRECT ? null : known;
    }

    private Proxy decide(String scheme, String host, int port) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        bare = bare.toLowerCase(Locale.ROOT);
        if (flag != null) {
            if (flag.isBlank() || excluded(bare, port)) return null;
            return proxy("--proxy", flag);
        }
        boolean https = "https".equalsIgnoreCase(scheme);
        String lower = https ? "https_proxy" : "http_proxy";
        String upper = https ? "HTTPS_PROXY" : "HTTP_PROXY";
        String source = present(lower) ? lower : present(upper) ? upper : null;
        if (source == null || loopback(bare) || excluded(bare, port)) return null;
        return proxy(source, vars.get(source));
    }

    private boolean present(String name) {
        String value = vars.get(name);
        return value != null && !value.isBlank();
    }

    private String variable(String lower, String upper) {
        return present(lower) ? vars.get(lower) : present(upper) ? vars.get(upper) : null;
    }

    private Proxy proxy(String source, String url) {
        return bySource.computeIfAbsent(source, s -> parse(s, url, redactor));
    }

    /** localhost and its subdomains, 127.0.0.0/8 and ::1: the variables never send these to a proxy. */
    static boolean loopback(String host) {
        if (host.equals("localhost") || host.endsWith(".localhost")) return true;
        byte[] address = literal(host);
        if (address == null) return false;
        if (address.length == 4) return address[0] == 127;
        for (int i = 0; i < 15; i++) if (address[i] != 0) return false;
        return address[15] == 1;
    }

    /**
     * Whether {@code no_proxy} names the host, as curl reads it: {@code *} for every host; a name for itself
     * and every name under it (a leading dot or {@code *.} changes nothing); an IP address, or a network as
     * {@code ADDRESS/BITS}; and, as Go reads it, {@code :PORT} after an entry to match that port only.
     */
    boolean excluded(String host, int port) {
        byte[] address = literal(host);
        for (String entry : noProxy) {
            if (entry.equals("*")) return true;
            String pattern = entry;
            int entryPort = -1;
            int colon = pattern.lastIndexOf(':');
            if (colon > 0 && pattern.indexOf(':') == colon && pattern.substring(colon + 1).chars().allMatch(Character::isDigit)
                    && colon < pattern.length() - 1) {
                entryPort = Integer.parseInt(pattern.substring(colon + 1));
                pattern = pattern.substring(0, colon);
            } else if (pattern.startsWith("[") && pattern.contains("]:")) {
                String portText = pattern.substring(pattern.indexOf("]:") + 2);
                if (!portText.isEmpty() && portText.chars().allMatch(Character::isDigit)) entryPort = Integer.parseInt(portText);
                pattern = pattern.substring(0, pattern.indexOf("]:") + 1);
            }
            if (entryPort >= 0 && entryPort != port) continue;
            if (pattern.startsWith("[") && pattern.endsWith("]")) pattern = pattern.substring(1, pattern.length() - 1);
            int slash = pattern.indexOf('/');
            if (slash > 0) {
                if (address != null && inNetwork(address, pattern.substring(0, slash), pattern.substring(slash + 1))) return true;
                continue;
            }
            if (address != null) {
                byte[] other = literal(pattern);
                if (other != null && java.util.Arrays.equals(address, other)) return true;
                continue;
            }
            if (pattern.startsWith("*.")) pattern = pattern.substring(1);
            if (pattern.startsWith(".")) pattern = pattern.substring(1);
            if (pattern.isEmpty()) continue;
            if (host.equals(pattern) || host.endsWith("." + pattern)) return true;
        }
        return false;
    }

    private static boolean inNetwork(byte[] address, String network, String bitsText) {
        byte[] base = literal(network);
        if (base == null || base.length != address.length || bitsText.isEmpty() || !bitsText.chars().allMatch(Character::isDigit)) return false;
        int bits = Integer.parseInt(bitsText);
        if (bits > base.length * 8) return false;
        for (int i = 0; i < bits; i++) {
            int mask = 0x80 >> (i % 8);
            if ((address[i / 8] & mask) != (base[i / 8] & mask)) return false;
        }
        return true;
    }

    /** The bytes of an IPv4 or IPv6 literal, or null for a name (never a DNS lookup). */
    static byte[] literal(String host) {
        if (host.isEmpty()) return null;
        boolean v4 = host.chars().allMatch(c -> c >= '0' && c <= '9' || c == '.');
        boolean v6 = host.indexOf(':') >= 0 && host.chars().allMatch(c -> c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' || c == ':' || c == '.');
        if (!v4 && !v6) return null;
        if (v4) {
            String[] parts = host.split("\\.", -1);
            if (parts.length != 4) return null;
            for (String part : parts) if (part.isEmpty() || part.length() > 3 || Integer.parseInt(part) > 255) return null;
        }
        try {
            return InetAddress.getByName(v6 ? "[" + host + "]" : host).getAddress();
        } catch (UnknownHostException | RuntimeException e) {
            return null;
        }
    }

    /**
     * A proxy URL as curl takes it: {@code http://} or no scheme, then optional {@code USER:PASSWORD@}
     * (percent-encoded where it must be), a host and an optional port (default 1080); a path of "/" at most.
     */
    static Proxy parse(String source, String url, Redactor redactor) {
        String text = url.strip();
        int at = text.lastIndexOf('@');
        int schemeEnd = text.indexOf("://");
        String userInfo = null;
        if (at >= 0) {
            userInfo = text.substring(schemeEnd >= 0 && schemeEnd < at ? schemeEnd + 3 : 0, at);
            redactor.addSecretValue(userInfo);
            int colon = userInfo.indexOf(':');
            if (colon >= 0) {
                redactor.addSecretValue(userInfo.substring(colon + 1));
                redactor.addSecretValue(decode(userInfo.substring(colon + 1)));
            }
        }
        String shown = at < 0 ? text : (schemeEnd >= 0 && schemeEnd < at ? text.substring(0, schemeEnd + 3) : "") + Redactor.MASK + text.substring(at);
        String rest = text;
        if (schemeEnd >= 0) {
            String scheme = text.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
            if (scheme.equals("https")) {
                throw bad(source, shown, "billctl talks to its proxy in plain http:// (https URLs still go through it encrypted, with CONNECT)");
            }
            if (!scheme.equals("http")) throw bad(source, shown, "billctl speaks to HTTP proxies only (http://), not " + scheme + "://");
            rest = text.substring(schemeEnd + 3);
        }
        if (at >= 0) rest = rest.substring(rest.lastIndexOf('@') + 1);
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            if (!rest.substring(slash).equals("/")) throw bad(source, shown, "a proxy's URL has no path");
            rest = rest.substring(0, slash);
        }
        String host;
        String portText = null;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            if (close < 0) throw bad(source, shown, "its IPv6 address lacks ']'");
            host = rest.substring(0, close + 1);
            if (close + 1 < rest.length()) {
                if (rest.charAt(close + 1) != ':') throw bad(source, shown, "unexpected text after its address");
                portText = rest.substring(close + 2);
            }
        } else {
            int colon = rest.lastIndexOf(':');
            host = colon < 0 ? rest : rest.substring(0, colon);
            if (colon >= 0) portText = rest.substring(colon + 1);
        }
        if (host.isEmpty() || host.chars().anyMatch(c -> c <= ' ' || c == '?' || c == '#' || c == '@')) throw bad(source, shown, "it names no valid host");
        int port = 1080;
        if (portText != null) {
            if (portText.isEmpty() || portText.length() > 5 || !portText.chars().allMatch(Character::isDigit)
                    || Integer.parseInt(portText) < 1 || Integer.parseInt(portText) > 65535) {
                throw bad(source, shown, "its port must be a number from 1 to 65535");
            }
            port = Integer.parseInt(portText);
        }
        String authorization = null;
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            String user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            String password = colon < 0 ? "" : decode(userInfo.substring(colon + 1));
            String pair = user + ":" + password;
            redactor.addSecretValue(pair);
            authorization = "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
            redactor.addSecretValue(authorization.substring(6));
        }
        String bareHost = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        return new Proxy(bareHost, port, authorization, "http://" + (userInfo != null ? Redactor.MASK + "@" : "") + host + ":" + port, source);
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }

    private static BillctlException bad(String source, String shown, String why) {
        return BillctlException.usage(source + " is not a proxy billctl can use ('" + shown + "'): " + why);
    }
}
