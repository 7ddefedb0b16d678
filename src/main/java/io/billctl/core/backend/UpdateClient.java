package io.billctl.core.backend;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.billctl.core.http.WireRequest;

/**
 * Talks to one endpoint of a backend: builds the exact request of an update, sends it, reads the
 * answer; and reads accounts, one or a list, into data in the vendor's own field names.
 */
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
     * {@link #send(Update)}, told whether the account was read first and already holds every value
     * sent ({@code --diff} said "no change" and it went anyway): a vendor that warns when its answer
     * says nothing changed need not then guess why.
     */
    default Applied send(Update update, boolean knownUnchanged) {
        return send(update);
    }

    /**
     * For {@code profile test}: one authenticated call that changes nothing, with a fresh login where
     * the backend logs in (a cached session proves nothing about the credentials); answers what it proved.
     */
    String test();

    /**
     * One account as the vendor keeps it, flattened to its field names (a JSON:API resource's
     * attributes, and each relationship as the id it points at), the id among them under the
     * backend's id name. Exit 4 only when the vendor says the account does not exist.
     */
    ObjectNode read(String id);

    /**
     * The accounts {@code query} selects, page after page, each flattened as {@link #read} flattens
     * one and handed to {@code sink} as it comes (a page at a time in memory, however many there
     * are), until there are no more, {@code query.limit()} is reached, or the sink says stop.
     */
    void list(ListQuery query, AccountSink sink);

    /**
     * For {@code profile logout}: tells the server to end the session of {@code token}, best effort;
     * answers whether the backend has such a call (most do not: their tokens just lapse).
     */
    default boolean logout(String token) {
        return false;
    }
}
