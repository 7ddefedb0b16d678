package io.billctl.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.billctl.core.Json;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * An emulator's answer; {@code mutated} tells the sandbox its state needs saving; {@code readOf} is
 * the id of the one account it reads (null for anything else), where the {@code meddle} fault may
 * change that account after the answer, as another user would.
 */
public record EmulatorResponse(int status, String contentType, byte[] body, Map<String, String> headers, boolean mutated, String readOf) {

    /** An answer that reads no one account. */
    public EmulatorResponse(int status, String contentType, byte[] body, Map<String, String> headers, boolean mutated) {
        this(status, contentType, body, headers, mutated, null);
    }

    public static EmulatorResponse json(int status, JsonNode body) {
        return json(status, Json.write(body));
    }

    public static EmulatorResponse json(int status, String body) {
        return new EmulatorResponse(status, "application/json", body.getBytes(StandardCharsets.UTF_8), Map.of(), false, null);
    }

    public static EmulatorResponse empty(int status) {
        return new EmulatorResponse(status, null, new byte[0], Map.of(), false, null);
    }

    public EmulatorResponse withContentType(String type) {
        return new EmulatorResponse(status, type, body, headers, mutated, readOf);
    }

    public EmulatorResponse withHeader(String name, String value) {
        Map<String, String> copy = new java.util.LinkedHashMap<>(headers);
        copy.put(name, value);
        return new EmulatorResponse(status, contentType, body, copy, mutated, readOf);
    }

    public EmulatorResponse markMutated() {
        return new EmulatorResponse(status, contentType, body, headers, true, readOf);
    }

    /** An answer that reads the account {@code id}. */
    public EmulatorResponse readOf(long id) {
        return new EmulatorResponse(status, contentType, body, headers, mutated, Long.toString(id));
    }
}
