package io.billctl.sandbox;

import java.util.List;

/** One emulator per backend; a new vendor adds its emulator here. */
public final class Emulators {
    private Emulators() {}

    public static List<Emulator> create() {
        return List.of(new JerasoftEmulator(), new EnswitchEmulator(), new PortabillingEmulator(), new YetiEmulator());
    }

    /**
     * The emulator of one backend, or null: what a call against a running {@code sandbox serve}
     * needs for its URL and credentials, without seeding the other three (and loading their catalogs).
     */
    public static Emulator create(String backendId) {
        return switch (backendId) {
            case io.billctl.jerasoft.JerasoftBackend.ID -> new JerasoftEmulator();
            case io.billctl.enswitch.EnswitchBackend.ID -> new EnswitchEmulator();
            case io.billctl.portabilling.PortabillingBackend.ID -> new PortabillingEmulator();
            case io.billctl.yeti.YetiBackend.ID -> new YetiEmulator();
            default -> null;
        };
    }
}
