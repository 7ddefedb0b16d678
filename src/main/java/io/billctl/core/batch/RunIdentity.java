package io.billctl.core.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.billctl.core.Json;

/**
 * What a journal belongs to: its input (name, size, SHA-256, format, record count) and its target
 * (backend, profile, endpoint, command). A journal's header holds it; {@code --resume} refuses a
 * journal whose identity differs from the run's in anything but the input's name (a file may move).
 *
 * @param endpoint the profile's URL (for the built-in sandbox, whose port changes, the word "sandbox")
 * @param fields the SHA-256 of what the command line adds to every record ({@code UpdatePlan.commandLineText}),
 *               or "" where none is kept (a single update's journal, a journal written before it was)
 * @param encoding the encoding the input's bytes were read in (the byte-order mark's, else {@code --encoding}'s, else
 *               UTF-8): the same bytes read in another are other records; "" where none is kept (as for {@code fields})
 */
record RunIdentity(String input, long size, String sha256, String format, long records,
                   String backend, String profile, String endpoint, String command, String fields, String encoding) {

    RunIdentity(String input, long size, String sha256, String format, long records, String backend, String profile, String endpoint,
                String command) {
        this(input, size, sha256, format, records, backend, profile, endpoint, command, "", "");
    }

    /** The SHA-256, in hex, of a run's command-line text. */
    static String fieldsHash(String commandLineText) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(commandLineText.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The journal's first line, before {@code started}: {@code {"billctl_journal":2,…}}. */
    ObjectNode toJson() {
        ObjectNode node = Json.object();
        node.put(Journal.MAGIC, Journal.VERSION);
        ObjectNode in = node.putObject("input").put("name", input).put("size", size).put("sha256", sha256).put("format", format).put("records", records);
        if (!encoding.isEmpty()) in.put("encoding", encoding);
        node.putObject("target").put("backend", backend).put("profile", profile).put("endpoint", endpoint).put("command", command);
        if (!fields.isEmpty()) ((ObjectNode) node.get("target")).put("fields", fields);
        return node;
    }

    static RunIdentity fromJson(JsonNode node) {
        JsonNode in = node.path("input");
        JsonNode target = node.path("target");
        return new RunIdentity(in.path("name").asText(""), in.path("size").asLong(-1), in.path("sha256").asText(""), in.path("format").asText(""),
                in.path("records").asLong(-1), target.path("backend").asText(""), target.path("profile").asText(""),
                target.path("endpoint").asText(""), target.path("command").asText(""), target.path("fields").asText(""), in.path("encoding").asText(""));
    }

    /** What differs from {@code run} (this being the journal's), in words; null when it is the same run. */
    String difference(RunIdentity run) {
        if (!backend.equals(run.backend)) return "was written for backend " + backend + ", this run is " + run.backend;
        if (!profile.equals(run.profile)) return "was written for profile '" + profile + "', this run uses '" + run.profile + "'";
        if (!endpoint.equals(run.endpoint)) return "was written for " + endpoint + ", this run sends to " + run.endpoint;
        if (!command.equals(run.command)) return "was written by '" + command + "', this is '" + run.command + "'";
        if (!fields.isEmpty() && !fields.equals(run.fields)) {
            return "was written for other values on the command line (fields, --set, --unset, --expect, options) than this run's";
        }
        if (!format.equals(run.format)) return "was written for " + format + " input, this input is " + run.format;
        if (!encoding.isEmpty() && !encoding.equals(run.encoding)) {
            return "was written for input read as " + encoding + ", this run reads it as " + run.encoding + " (--encoding)";
        }
        if (size != run.size || !sha256.equals(run.sha256)) {
            return "was written for another input (" + input + ": " + records + " records, " + size + " bytes, sha256 " + shortHash(sha256)
                    + "); " + run.input + " has " + run.records + " records, " + run.size + " bytes, sha256 " + shortHash(run.sha256);
        }
        return null;
    }

    private static String shortHash(String hash) {
        return hash.length() > 12 ? hash.substring(0, 12) + "…" : hash;
    }
}
