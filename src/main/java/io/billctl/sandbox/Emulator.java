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

    /** The sandbox's faults now: an emulator reads its own switches from them ({@link FaultPlan#option}). */
    default void faults(FaultPlan plan) {}

    /** Back to the seeded accounts (1..100 and the ids of the vendor's examples). */
    void seed();

    JsonNode snapshot();

    void restore(JsonNode state);
}
