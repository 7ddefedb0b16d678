package io.billctl.core.backend;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.billctl.core.catalog.Catalog;
import java.util.List;

/**
 * One vendor's update call. A backend package implements this once; the CLI, validation,
 * profiles and the sandbox find everything they need about the vendor here.
 */
public interface Backend {
    /** How profiles name it: {@code jerasoft}. */
    String id();

    /** How people name it: {@code JeraSoft VCS}. */
    String displayName();

    /** The billctl command that updates through it: {@code clients-accounts update}. */
    String command();

    Catalog catalog();

    /** The id's name in a batch record or a file: {@code id}, or {@code i_account}. */
    String idName();

    CredentialKind credentials();

    /** The id as the vendor's URL or body takes it; a usage error when it cannot be one. */
    String checkId(String text);

    /**
     * The fields of a {@code -f} document, in the vendor's own shape: most take a bare object,
     * some also their request envelope.
     */
    default ObjectNode fieldsOf(ObjectNode document) {
        return document;
    }

    /** What the user should know before this update goes out (a vendor's documented side effect). */
    default List<String> warnings(Update update) {
        return List.of();
    }

    UpdateClient client(ClientContext context);
}
