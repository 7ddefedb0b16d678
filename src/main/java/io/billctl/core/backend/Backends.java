package io.billctl.core.backend;

import io.billctl.core.BillctlException;
import java.util.List;
import java.util.Optional;

/**
 * The backends of this build, in the order help lists them. Core never names a vendor: the list
 * is made by the application's one registration place ({@code io.billctl.app.Registry}) and handed
 * to whatever needs it.
 */
public final class Backends {
    private final List<Backend> all;

    public Backends(List<Backend> all) {
        this.all = List.copyOf(all);
    }

    public List<Backend> all() {
        return all;
    }

    public Optional<Backend> find(String id) {
        for (Backend backend : all) if (backend.id().equals(id)) return Optional.of(backend);
        return Optional.empty();
    }

    /** The backend whose commands live under {@code group} ({@code clients-accounts}), if any. */
    public Optional<Backend> byGroup(String group) {
        for (Backend backend : all) if (backend.group().equals(group)) return Optional.of(backend);
        return Optional.empty();
    }

    public Backend require(String id) {
        return find(id).orElseThrow(() -> BillctlException.usage(
                "unknown backend '" + id + "'; billctl speaks " + String.join(", ", ids())));
    }

    public List<String> ids() {
        return all.stream().map(Backend::id).toList();
    }
}
