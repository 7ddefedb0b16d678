package io.billctl.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.billctl.core.Json;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongFunction;

/** An emulator's accounts by id: seeded, looked up, replaced, and saved with the sandbox state. */
final class AccountStore {
    private final ConcurrentMap<Long, ObjectNode> accounts = new ConcurrentHashMap<>();
    private final LongFunction<ObjectNode> seed;
    private final long[] exampleIds;

    /** Accounts 1..100, and the ids the vendor's own examples use, made by {@code seed}. */
    AccountStore(LongFunction<ObjectNode> seed, long... exampleIds) {
        this.seed = seed;
        this.exampleIds = exampleIds;
    }

    void seed() {
        accounts.clear();
        for (long id = 1; id <= 100; id++) accounts.put(id, seed.apply(id));
        for (long id : exampleIds) accounts.put(id, seed.apply(id));
    }

    ObjectNode get(long id) {
        return accounts.get(id);
    }

    /** The account for an id as a URL or parameter writes it, or null when there is none. */
    ObjectNode get(String id) {
        try {
            return id == null ? null : accounts.get(Long.parseLong(id));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    void put(long id, ObjectNode account) {
        accounts.put(id, account);
    }

    /** In id order. */
    Map<Long, ObjectNode> all() {
        return new TreeMap<>(accounts);
    }

    ObjectNode snapshot() {
        ObjectNode all = Json.object();
        all().forEach((id, account) -> all.set(Long.toString(id), account));
        return all;
    }

    void restore(JsonNode saved) {
        accounts.clear();
        saved.fields().forEachRemaining(e -> accounts.put(Long.parseLong(e.getKey()), (ObjectNode) e.getValue()));
    }
}
