package io.billctl.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** A test class whose tests share one sandbox on a loopback port, put back to its seeded state before each test. */
public abstract class AgainstSandbox {
    protected static Sandbox sandbox;

    @BeforeAll
    static void startSandbox() {
        sandbox = Sandbox.start();
    }

    @AfterAll
    static void stopSandbox() {
        sandbox.close();
    }

    @BeforeEach
    void resetSandbox() {
        sandbox.reset();
    }

    /** Refused before sending: exit 2, one line on stderr naming {@code expected}, nothing on stdout, nothing sent (not even a login). */
    protected static void assertRefusedBeforeSending(Run run, String expected) {
        run.exits(2).oneErrorLine();
        assertTrue(run.errorLine().contains(expected), () -> "expected '" + expected + "' in: " + run.err());
        assertEquals("", run.out());
        assertTrue(sandbox.requests().isEmpty(), () -> "sent despite refusal: " + sandbox.requests());
    }
}
