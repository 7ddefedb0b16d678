package io.billctl.core.backend;

import io.billctl.core.http.WireRequest;

/** Talks to one endpoint of a backend: builds the exact request, sends it, reads the answer. */
public interface UpdateClient {
    /**
     * The request an update sends. With {@code masked}, secrets are written as the mask and
     * never resolved (a dry run needs no working credentials and shows none).
     */
    WireRequest request(Update update, boolean masked);

    /**
     * Sends the update and reads the answer into data; a refusal or failure is a BillctlException
     * with the documented exit code. Formats nothing: the presenter renders the outcome.
     */
    Applied send(Update update);

    /**
     * For {@code profile test}: one authenticated call that changes nothing, with a fresh login where
     * the backend logs in (a cached session proves nothing about the credentials); answers what it proved.
     */
    String test();

    /**
     * For {@code profile logout}: tells the server to end the session of {@code token}, best effort;
     * answers whether the backend has such a call (most do not: their tokens just lapse).
     */
    default boolean logout(String token) {
        return false;
    }
}
