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
    private static final Map<String, Supplier<Emulator>> FACTORIES = new LinkedHashMap<>();

    static {
        FACTORIES.put(JerasoftBackend.ID, JerasoftEmulator::new);
        FACTORIES.put(EnswitchBackend.ID, EnswitchEmulator::new);
        FACTORIES.put(PortabillingBackend.ID, PortabillingEmulator::new);
        FACTORIES.put(YetiBackend.ID, YetiEmulator::new);
    }

    private Emulators() {}

    public static List<Emulator> create() {
        return FACTORIES.values().stream().map(Supplier::get).toList();
    }

    /**
     * The emulator of one backend, or null: what a call against a running {@code sandbox serve}
     * needs for its URL and credentials, without seeding the other three (and loading their catalogs).
     */
    public static Emulator create(String backendId) {
        Supplier<Emulator> factory = FACTORIES.get(backendId);
        return factory == null ? null : factory.get();
    }
}
