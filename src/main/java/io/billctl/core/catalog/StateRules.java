package io.billctl.core.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.billctl.core.BillctlException;
import io.billctl.core.ExitCode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The catalog's "required when" rules judged on the account, as the vendor states them: "ips is
 * required when auth_type is ip" describes the account after the update, not the request. The
 * {@link Validator} refuses, from the request alone, only what is certain whatever the account holds
 * (the update sets auth_type ip and empties ips itself). An update that sets a rule's condition
 * without its field, or empties the field without the condition, needs the account: it is read and
 * merged with the update. When the merged account breaks the rule, billctl says so and why, and still
 * sends: the server refuses in its own words, and an account changed between the read and the write
 * (someone added its IPs) is not refused by a stale read. When the account cannot be read, or does not
 * show the field, the warning says the server may refuse. Only such updates are read: a batch whose
 * records touch no rule reads nothing.
 */
public final class StateRules {
    private StateRules() {}

    /** Whether judging this update needs the account at all. */
    public static boolean needsAccount(Catalog catalog, ObjectNode update) {
        for (Field field : catalog.conditional()) {
            for (Field.RequiredWhen rule : field.requiredWhen()) {
                if (touched(rule, field.name(), update) != Touch.NONE) return true;
            }
        }
        return false;
    }

    /**
     * Judges the update on the account that {@code read} returns (read only when needed). Answers the
     * warnings: each rule the merged account breaks, and each rule it could not judge. A read that
     * fails is a warning, not a failure: the server decides. An interrupted read stops the update.
     */
    public static List<String> judge(Catalog catalog, String id, ObjectNode update, Supplier<ObjectNode> read) {
        if (!needsAccount(catalog, update)) return List.of();
        ObjectNode account = null;
        String unread = null;
        try {
            account = read.get();
        } catch (BillctlException e) {
            if (e.exitCode() == ExitCode.INTERRUPTED) throw e;
            unread = "billctl could not read account " + id + ": " + e.getMessage();
        }
        List<String> warnings = new ArrayList<>();
        for (Field field : catalog.conditional()) {
            for (Field.RequiredWhen rule : field.requiredWhen()) {
                Touch touch = touched(rule, field.name(), update);
                if (touch == Touch.NONE) continue;
                // What decides: the field the update leaves to the account, or the condition it leaves to it.
                String decides = touch == Touch.CONDITION ? field.name() : rule.otherField();
                JsonNode held = account == null ? null : account.get(decides);
                String rulePhrase = field.name() + " is required when " + rule.otherField() + " is " + rule.value();
                if (held == null) {
                    String why = unread != null ? unread : "account " + id + " as read shows no " + decides;
                    warnings.add(rulePhrase + "; the server will refuse this if the account "
                            + (touch == Touch.CONDITION ? "has no " + field.name() : "has " + rule.otherField() + " " + rule.value())
                            + " (" + why + ")");
                } else if (touch == Touch.CONDITION && empty(held)) {
                    warnings.add(rulePhrase + ", and account " + id + " has none: the server will refuse this (give " + field.flag()
                            + " in the same update)");
                } else if (touch == Touch.EMPTIED && rule.value().equals(held.asText())) {
                    warnings.add(rulePhrase + ", and account " + id + "'s " + rule.otherField() + " is " + rule.value()
                            + ": the server will refuse this (set another " + rule.otherField() + " in the same update, or keep " + field.name() + ")");
                }
            }
        }
        return warnings;
    }

    /** How an update touches one rule: not at all, by setting its condition alone, or by emptying its field alone. */
    private enum Touch { NONE, CONDITION, EMPTIED }

    private static Touch touched(Field.RequiredWhen rule, String field, ObjectNode update) {
        JsonNode condition = update.get(rule.otherField());
        JsonNode value = update.get(field);
        if (condition != null) {
            // Setting the condition with the field is the request's own matter (the validator's); another value turns the rule off.
            return value == null && rule.value().equals(condition.asText()) ? Touch.CONDITION : Touch.NONE;
        }
        return value != null && empty(value) ? Touch.EMPTIED : Touch.NONE;
    }

    /** No value: null, an empty string or an empty list. */
    static boolean empty(JsonNode value) {
        if (value == null || value.isNull()) return true;
        if (value.isTextual()) return value.asText().isEmpty();
        return value.isContainerNode() && value.isEmpty();
    }
}
