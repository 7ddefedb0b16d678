package io.billctl.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The emulators of this build, one per backend id, as the application registered them (the
 * sandbox never names a vendor's package). Made only when a sandbox needs them.
 */
public final class Emulators {
    /** A backend's id, and how to make the emulator that stands in for its server. */
    public record Registration(String backendId, Supplier<Emulator> factory) {}

    private final List<Registration> registrations;

    public Emulators(List<Registration> registrations) {
        this.registrations = List.copyOf(registrations);
    }

    /** Every emulator, seeded with its accounts. */
    public List<Emulator> create() {
        List<Emulator> made = new ArrayList<>();
        for (Registration registration : registrations) {
            Emulator emulator = registration.factory().get();
            emulator.seed();
            made.add(emulator);
        }
        return made;
    }

    /**
     * One backend's emulator, unseeded, or null: what a call against a running {@code sandbox serve}
     * needs to know where it sits and what the built-in profile logs in with.
     */
    Emulator unseeded(String backendId) {
        for (Registration registration : registrations) {
            if (registration.backendId().equals(backendId)) return registration.factory().get();
        }
        return null;
    }
}
