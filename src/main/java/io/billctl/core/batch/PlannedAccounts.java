package io.billctl.core.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.billctl.core.Json;
import io.billctl.core.apply.Earlier;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A plan's ({@code --dry-run --diff}, undo's dry run) accounts that its records name more than once: what the
 * records planned so far would have changed on each, laid over the account as read for the next one, which is
 * then judged (its diff, its expectations) as the run would judge it: the run applies the records of one
 * account one at a time, in file order ({@link Accounts}, which the plan's workers keep too), and reads each
 * just before writing it. Nothing is kept for an account named once.
 */
final class PlannedAccounts implements Earlier {
    private final Accounts accounts;
    /** By id: the values the records planned so far set (or emptied: {@link Changed#removed}). */
    private final Map<String, Changed> changed = new ConcurrentHashMap<>();

    /** What the planned records of one account changed: values set, and fields emptied (absent from the account). */
    private record Changed(ObjectNode set, Set<String> removed) {}

    PlannedAccounts(Accounts accounts) {
        this.accounts = accounts;
    }

    @Override
    public ObjectNode onto(String id, ObjectNode read) {
        Changed earlier = changed.get(id);
        if (earlier == null) return read;
        ObjectNode account = read.deepCopy();
        account.setAll(earlier.set());
        for (String name : earlier.removed()) account.remove(name);
        return account;
    }

    @Override
    public void left(String id, ObjectNode judgedOn, ObjectNode after) {
        if (!accounts.repeats(id)) return;
        Changed earlier = changed.computeIfAbsent(id, k -> new Changed(Json.object(), new HashSet<>()));
        for (Iterator<Map.Entry<String, JsonNode>> it = after.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (Objects.equals(field.getValue(), judgedOn.get(field.getKey()))) continue;
            earlier.set().set(field.getKey(), field.getValue());
            earlier.removed().remove(field.getKey());
        }
        for (Iterator<String> names = judgedOn.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (after.has(name)) continue;
            earlier.set().remove(name);
            earlier.removed().add(name);
        }
    }
}
