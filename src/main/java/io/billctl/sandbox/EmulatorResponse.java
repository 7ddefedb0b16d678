package io.billctl.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.billctl.core.Json;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** An emulator's answer; {@code mutated} tells the sandbox its state needs saving. */
public record EmulatorResponse(int status, String contentType, byte[] body, Map<String, String> headers, boolean mutated) {

    public static EmulatorResponse json(int status, JsonNode body) {
        return json(status, Json.write(body));
    }

    public static EmulatorResponse json(int status, String body) {
        return new EmulatorResponse(status, "application/json", body.getBytes(StandardCharsets.UTF_8), Map.of(), false);
    }

    public static EmulatorResponse empty(int status) {
        return new EmulatorResponse(status, null, new byte[0], Map.of(), false);
    }

    public EmulatorResponse withContentType(String type) {
        return new EmulatorResponse(status, type, body, headers, mutated);
    }

    public EmulatorResponse withHeader(String name, String value) {
        Map<String, String> copy = new java.util.LinkedHashMap<>(headers);
        copy.put(name, value);
        return new EmulatorResponse(status, contentType, body, copy, mutated);
    }

    public EmulatorResponse markMutated() {
        return new EmulatorResponse(status, contentType, body, headers, true);
    }
}
