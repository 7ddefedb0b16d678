package io.billctl.core.backend;

import io.billctl.core.BillctlException;
import io.billctl.enswitch.EnswitchBackend;
import io.billctl.jerasoft.JerasoftBackend;
import io.billctl.portabilling.PortabillingBackend;
import io.billctl.yeti.YetiBackend;
import java.util.List;
import java.util.Optional;

/** Every backend billctl speaks. A new vendor is a new package and one line here. */
public final class Backends {
    public static final List<Backend> ALL = List.of(new JerasoftBackend(), new EnswitchBackend(), new PortabillingBackend(), new YetiBackend());

    private Backends() {}

    public static Optional<Backend> find(String id) {
        return ALL.stream().filter(b -> b.id().equals(id)).findFirst();
    }

    public static Backend require(String id) {
        return find(id).orElseThrow(() -> BillctlException.usage(
                "unknown backend '" + id + "'; billctl speaks " + String.join(", ", ids())));
    }

    public static List<String> ids() {
        return ALL.stream().map(Backend::id).toList();
    }
}
