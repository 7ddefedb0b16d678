package io.billctl.cli;

import java.util.Iterator;

/** Completion candidates for {@code --backend}: the backends of this build. */
final class BackendIds implements Iterable<String> {
    private final Invocation invocation;

    BackendIds(Invocation invocation) {
        this.invocation = invocation;
    }

    @Override
    public Iterator<String> iterator() {
        return invocation.backends().ids().iterator();
    }
}
