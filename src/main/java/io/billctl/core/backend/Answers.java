package io.billctl.core.backend;

import io.billctl.core.BillctlException;
import io.billctl.core.ExitCode;
import io.billctl.core.config.Endpoint;
import io.billctl.core.http.Redactor;
import io.billctl.core.http.WireRequest;
import io.billctl.core.http.WireResponse;

/**
 * What every client says of an answer that is not its vendor's, in the same words: an answer that
 * is not of the vendor's success shape nor one of its errors (a login page, a proxy's error page,
 * an empty body, JSON of another shape), and a 404 or 405 that the vendor's own body does not
 * explain, which means the URL is wrong rather than the account missing. Both are exit 5; a URL
 * that leads nowhere also stops a batch ({@link BillctlException#forEveryRequest()}).
 */
public final class Answers {
    /** How much of an unexpected body an error line quotes. */
    public static final int EXCERPT = 120;

    private Answers() {}

    /** "unexpected answer from JeraSoft (HTTP 200, text/html): <first 120 characters, cleaned>". */
    public static BillctlException unexpected(String vendor, WireResponse response, Redactor redactor) {
        return new BillctlException(ExitCode.UNAVAILABLE, "unexpected answer from " + vendor + " (HTTP " + response.status() + ", "
                + response.contentType() + attempts(response) + "): " + response.excerpt(redactor, EXCERPT));
    }

    /** The same, for an answer that is JSON but says something else: {@code why} names what was wrong. */
    public static BillctlException unexpected(String vendor, WireResponse response, Redactor redactor, String why) {
        return new BillctlException(ExitCode.UNAVAILABLE, "unexpected answer from " + vendor + " (HTTP " + response.status() + ", "
                + response.contentType() + ", " + why + attempts(response) + "): " + response.excerpt(redactor, EXCERPT));
    }

    private static String attempts(WireResponse response) {
        return response.attempts() > 1 ? "; after " + response.attempts() + " attempts" : "";
    }

    /** Whether the status says the URL is wrong (404, 405): the caller has already looked for the vendor's own not-found. */
    public static boolean isRouteMiss(WireResponse response) {
        return response.status() == 404 || response.status() == 405;
    }

    /** A 404 or 405 without the vendor's own body: "the endpoint … was not found: check the profile's URL (…)". */
    public static BillctlException noEndpoint(String vendor, WireRequest request, WireResponse response, Endpoint endpoint) {
        String where = request.method() + " " + request.uri();
        String what = response.status() == 405
                ? "the endpoint " + request.uri() + " does not take " + request.method()
                : "the endpoint " + where + " was not found";
        // Every other request of the run goes under the same URL: a batch stops here.
        return new BillctlException(ExitCode.UNAVAILABLE, what + " (" + vendor + " answered HTTP " + response.status() + response.afterAttempts()
                + "): check the URL of profile '" + endpoint.profile() + "' (" + endpoint.url() + ")").forEveryRequest();
    }
}
