package io.billctl.core.config;

/**
 * A resolved API key or password. Its {@code toString} is a mask, so a secret dropped into a
 * log line, a message or an exception by mistake still does not leak; {@link #reveal} is the
 * one door, used where the value goes on the wire.
 */
public final class Secret {
    private final String value;

    public Secret(String value) {
        this.value = value;
    }

    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "****";
    }
}
