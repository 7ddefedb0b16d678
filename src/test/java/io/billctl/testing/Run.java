package io.billctl.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.billctl.core.Json;

/** What one billctl run left behind: its exit code and what it printed on each stream. */
public record Run(int exit, String out, String err) {

    public JsonNode json() {
        try {
            return Json.parse(out);
        } catch (Exception e) {
            return fail("stdout is not one JSON document: " + out + "\nstderr: " + err);
        }
    }

    /** Asserts the exit code, showing both streams when it is wrong. */
    public Run exits(int expected) {
        assertEquals(expected, exit, () -> "exit code; stdout:\n" + out + "\nstderr:\n" + err);
        return this;
    }

    /** A failure is exactly one line on stderr, and no stack trace. */
    public Run oneErrorLine() {
        String[] lines = err.strip().split("\n");
        if (lines.length != 1 || !lines[0].startsWith("error: ") || err.contains("\tat ")) {
            fail("expected one 'error:' line on stderr, got:\n" + err);
        }
        return this;
    }

    public String errorLine() {
        return err.strip();
    }
}
