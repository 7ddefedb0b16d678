package io.billctl.cli;

import io.billctl.core.backend.Backends;
import java.util.Iterator;

/** Completion candidates for {@code --backend}. */
final class BackendIds implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
        return Backends.ids().iterator();
    }
}
