package io.billctl.sandbox;

import java.util.List;

/** One emulator per backend; a new vendor adds its emulator here. */
public final class Emulators {
    private Emulators() {}

    public static List<Emulator> create() {
        return List.of(new JerasoftEmulator(), new EnswitchEmulator(), new PortabillingEmulator(), new YetiEmulator());
    }
}
