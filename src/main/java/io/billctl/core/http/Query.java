package io.billctl.core.http;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** A query string's parts, percent-encoded; brackets too, as {@code filter[name]} needs in a URI. */
public final class Query {
    private Query() {}

    public static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
