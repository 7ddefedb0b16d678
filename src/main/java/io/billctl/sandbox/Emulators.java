package io.billctl.sandbox;

import io.billctl.enswitch.EnswitchBackend;
import io.billctl.jerasoft.JerasoftBackend;
import io.billctl.portabilling.PortabillingBackend;
import io.billctl.yeti.YetiBackend;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** One emulator per backend, by backend id; a new vendor adds its emulator here, once. */
public final class Emulators {
    private record Registration(Mount mount, Supplier<Emulator> factory) {}

    private static final Map<String, Registration> REGISTERED = new LinkedHashMap<>();

    static {
        REGISTERED.put(JerasoftBackend.ID, new Registration(JerasoftEmulator.MOUNT, JerasoftEmulator::new));
        REGISTERED.put(EnswitchBackend.ID, new Registration(EnswitchEmulator.MOUNT, EnswitchEmulator::new));
        REGISTERED.put(PortabillingBackend.ID, new Registration(PortabillingEmulator.MOUNT, PortabillingEmulator::new));
        REGISTERED.put(YetiBackend.ID, new Registration(YetiEmulator.MOUNT, YetiEmulator::new));
    }

    private Emulators() {}

    public static List<Emulator> create() {
        return REGISTERED.values().stream().map(registration -> registration.factory().get()).toList();
    }

    /** Where one backend's emulator sits, or null: all a call against a running {@code sandbox serve} needs. */
    static Mount mount(String backendId) {
        Registration registration = REGISTERED.get(backendId);
        return registration == null ? null : registration.mount();
    }
}
