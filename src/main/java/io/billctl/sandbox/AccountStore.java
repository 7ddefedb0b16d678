package io.billctl.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.billctl.core.Json;
import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.LongFunction;

/**
 * An emulator's accounts by id: ids 1..{@value #SEEDED} (and the ids the vendor's own examples use),
 * each made by the emulator's seed the first time it is looked at, so that a sandbox holds enough
 * accounts for a batch of thousands and costs nothing for those it never touches. Only the accounts
 * changed since the seed are saved with the sandbox state.
 */
final class AccountStore {
    /** How many accounts a sandbox holds: enough for a batch of thousands, as an operator would try one. */
    static final int SEEDED = 10_000;

    /** The accounts made so far, in id order. */
    private final ConcurrentSkipListMap<Long, ObjectNode> accounts = new ConcurrentSkipListMap<>();
    /** The ids whose account was replaced since the seed: what a snapshot saves. */
    private final Set<Long> changed = ConcurrentHashMap.newKeySet();
    private final LongFunction<ObjectNode> seed;
    private final long[] exampleIds;
    private volatile boolean complete;

    /** Accounts 1..{@value #SEEDED}, and the ids the vendor's own examples use, made by {@code seed}. */
    AccountStore(LongFunction<ObjectNode> seed, long... exampleIds) {
        this.seed = seed;
        this.exampleIds = exampleIds;
    }

    /** Back to the seeded accounts (made again as they are looked at). */
    void seed() {
        accounts.clear();
        changed.clear();
        complete = false;
    }

    private boolean seeded(long id) {
        if (id >= 1 && id <= SEEDED) return true;
        for (long example : exampleIds) if (example == id) return true;
        return false;
    }

    ObjectNode get(long id) {
        ObjectNode account = accounts.get(id);
        if (account != null || !seeded(id)) return account;
        return accounts.computeIfAbsent(id, seed::apply);
    }

    /** The account for an id as a URL or parameter writes it, or null when there is none. */
    ObjectNode get(String id) {
        try {
            return id == null ? null : get(Long.parseLong(id));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    void put(long id, ObjectNode account) {
        accounts.put(id, account);
        changed.add(id);
    }

    /**
     * The {@code meddle} fault: {@code field} of account {@code id} changed as another user would change
     * it (a number up by one, a flag flipped, text marked), the account replaced whole. Answers whether
     * there was such an account.
     */
    boolean meddle(String id, String field) {
        ObjectNode account = get(id);
        if (account == null) return false;
        ObjectNode changed = account.deepCopy();
        JsonNode value = changed.get(field);
        if (value == null || value.isNull()) {
            changed.put(field, "changed by someone else");
        } else if (value.isIntegralNumber()) {
            changed.put(field, value.bigIntegerValue().add(java.math.BigInteger.ONE));
        } else if (value.isNumber()) {
            changed.put(field, value.decimalValue().add(java.math.BigDecimal.ONE));
        } else if (value.isBoolean()) {
            changed.put(field, !value.booleanValue());
        } else if (value.asText().matches("-?\\d+")) {
            changed.put(field, new java.math.BigInteger(value.asText()).add(java.math.BigInteger.ONE).toString());
        } else {
            changed.put(field, value.asText() + " (changed by someone else)");
        }
        put(Long.parseLong(id), changed);
        return true;
    }

    /** Every account, in id order (a live, read-only view: made once, then as cheap as a lookup). */
    Map<Long, ObjectNode> all() {
        if (!complete) {
            for (long id = 1; id <= SEEDED; id++) get(id);
            for (long id : exampleIds) get(id);
            complete = true;
        }
        return Collections.unmodifiableNavigableMap((NavigableMap<Long, ObjectNode>) accounts);
    }

    /** The accounts changed since the seed, by id: the rest are the seed's. */
    ObjectNode snapshot() {
        ObjectNode saved = Json.object();
        for (Map.Entry<Long, ObjectNode> entry : accounts.entrySet()) {
            if (changed.contains(entry.getKey())) saved.set(Long.toString(entry.getKey()), entry.getValue());
        }
        return saved;
    }

    void restore(JsonNode saved) {
        seed();
        saved.fields().forEachRemaining(e -> put(Long.parseLong(e.getKey()), (ObjectNode) e.getValue()));
    }
}
