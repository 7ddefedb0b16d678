package io.billctl.app;

import io.billctl.core.backend.Backend;
import io.billctl.core.backend.Backends;
import io.billctl.enswitch.EnswitchBackend;
import io.billctl.jerasoft.JerasoftBackend;
import io.billctl.portabilling.PortabillingBackend;
import io.billctl.sandbox.Emulator;
import io.billctl.sandbox.Emulators;
import io.billctl.sandbox.EnswitchEmulator;
import io.billctl.sandbox.JerasoftEmulator;
import io.billctl.sandbox.PortabillingEmulator;
import io.billctl.sandbox.YetiEmulator;
import io.billctl.yeti.YetiBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The one place that names the vendors: each one's backend (its package) and the emulator that
 * stands in for its server in the sandbox. Everything else takes them from here as arguments, so
 * core, cli and sandbox never import a vendor package. A fifth vendor is a fifth line.
 */
public final class Registry {
    /** A vendor: its backend, and how to make the emulator of its server (which judges with rules of its own, never the catalog). */
    private record Vendor(Backend backend, Supplier<Emulator> emulator) {}

    private static final List<Vendor> VENDORS = List.of(
            new Vendor(new JerasoftBackend(), JerasoftEmulator::new),
            new Vendor(new EnswitchBackend(), EnswitchEmulator::new),
            new Vendor(new PortabillingBackend(), PortabillingEmulator::new),
            new Vendor(new YetiBackend(), YetiEmulator::new));

    private static final Backends BACKENDS = new Backends(VENDORS.stream().map(Vendor::backend).toList());

    private Registry() {}

    public static Backends backends() {
        return BACKENDS;
    }

    /** The emulators, by backend id, made only when a sandbox needs one. */
    public static Emulators emulators() {
        List<Emulators.Registration> registrations = new ArrayList<>();
        for (Vendor vendor : VENDORS) {
            registrations.add(new Emulators.Registration(vendor.backend().id(), vendor.emulator()));
        }
        return new Emulators(registrations);
    }
}
