package io.billctl.sandbox;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One vendor's server, as spec/NOTES.md says it behaves: same paths under its mount point,
 * same auth, status codes, error bodies and validations. State is the emulator's own; the
 * sandbox saves it between calls.
 */
public interface Emulator {
    /** The backend it stands in for: {@code jerasoft}. */
    String backendId();

    /** Where the vendor's base URL sits on the sandbox server: {@code /jerasoft/api}. */
    String mountPath();

    /** What the built-in sandbox profile logs in with; public fixtures, not secrets. */
    SandboxCredentials credentials();

    /** Handles one request; its path is relative to the mount point. */
    EmulatorResponse handle(EmulatorRequest request);

    /** The vendor's own answer for an injected fault with this status (500, 503, 429...). */
    EmulatorResponse fault(int status);

    /**
     * The {@code meddle} fault, after this emulator answered a read of account {@code id}: changes its
     * {@code field} (null: the emulator's usual one) as another user would. Answers whether it did.
     */
    default boolean meddle(String id, String field) {
        return store().meddle(id, field != null ? field : meddledField());
    }

    /** The field the meddle fault changes unless told: one an operator's update would touch. */
    default String meddledField() {
        return "name";
    }

    /** The account as the emulator keeps it now (its own shape), or null when there is none: what tests compare. */
    default com.fasterxml.jackson.databind.node.ObjectNode account(long id) {
        return store().get(id);
    }

    /** Its accounts. */
    AccountStore store();

    /** The sandbox's faults now: an emulator reads its own switches from them ({@link FaultPlan#option}). */
    default void faults(FaultPlan plan) {}

    /** Back to the seeded accounts (1..10000 and the ids of the vendor's examples). */
    void seed();

    JsonNode snapshot();

    void restore(JsonNode state);
}
