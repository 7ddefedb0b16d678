package io.billctl.core.backend;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Where a list's accounts go, one at a time; answers false to stop the listing. */
public interface AccountSink {
    boolean accept(ObjectNode account);
}
