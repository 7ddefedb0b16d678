package io.billctl.core.output;

/** {@code -o table|json}. */
public enum OutputFormat {
    table, json
}
