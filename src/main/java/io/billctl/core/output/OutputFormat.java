package io.billctl.core.output;

/**
 * {@code -o table|json|jsonl|csv}. jsonl and csv are what {@code --batch} reads: one account per
 * line, in the update's own field names, from {@code get} and {@code list}; for an update, jsonl is
 * json (its documents are one line each) and csv is not offered.
 */
public enum OutputFormat {
    table, json, jsonl, csv;

    /** JSON documents or lines: json and jsonl. */
    public boolean isJson() {
        return this == json || this == jsonl;
    }
}
