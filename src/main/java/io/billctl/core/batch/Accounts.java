package io.billctl.core.batch;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The accounts a batch names more than once, and the order their records go in: records for the
 * same account never run at once, and run in file order (the later value wins, as the file says).
 * Found by the first pass from a key per record (the id as a number; the vendors' ids are), so
 * memory is eight bytes a record while reading, and only the repeated accounts afterwards.
 * <p>
 * The intake hands records out in file order and registers each repeated account's record in a
 * queue of its own; a worker waits until its record heads that queue. The record nearest the start
 * of the file that is not finished always heads its queue and belongs to a worker that has finished
 * the records it took before it, so the wait always ends.
 */
final class Accounts {
    private final Set<Long> repeated;
    private final Map<Long, ArrayDeque<Long>> turns = new HashMap<>();

    private Accounts(Set<Long> repeated) {
        this.repeated = repeated;
    }

    static Accounts none() {
        return new Accounts(Set.of());
    }

    /** The account's key: its id as a number, else a 64-bit hash of it (a collision only costs some order). */
    static long key(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException notNumeric) {
            long hash = 1125899906842597L;
            for (int i = 0; i < id.length(); i++) hash = 31 * hash + id.charAt(i);
            return hash;
        }
    }

    /** How many accounts the batch names more than once. */
    int repeatedCount() {
        return repeated.size();
    }

    /** Whether the batch names the account of {@code id} more than once. */
    boolean repeats(String id) {
        return !repeated.isEmpty() && repeated.contains(key(id));
    }

    /** Called by the intake, in file order, for each record it hands out. */
    void handedOut(Prepared record) {
        if (repeated.isEmpty()) return; // most batches: no lock taken per record
        synchronized (this) {
            long key = key(record.id());
            if (repeated.contains(key)) turns.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(record.line());
        }
    }

    /** Waits until no earlier record of the same account is unfinished; false if the run stopped meanwhile. */
    boolean awaitTurn(Prepared record, RunState state) throws InterruptedException {
        if (repeated.isEmpty()) return true;
        long key = key(record.id());
        if (!repeated.contains(key)) return true;
        synchronized (this) {
            return waitTurn(key, record, state);
        }
    }

    private boolean waitTurn(long key, Prepared record, RunState state) throws InterruptedException {
        ArrayDeque<Long> queue = turns.get(key);
        while (queue != null && !queue.isEmpty() && queue.peekFirst() != record.line()) {
            if (state.stopping()) return false;
            wait(100);
        }
        return true;
    }

    /** The record is done with (sent, or given up): the next of its account may go. */
    void finished(Prepared record) {
        if (repeated.isEmpty()) return;
        synchronized (this) {
            long key = key(record.id());
            ArrayDeque<Long> queue = turns.get(key);
            if (queue == null) return;
            queue.remove(record.line());
            if (queue.isEmpty()) turns.remove(key);
            notifyAll();
        }
    }

    /** Collects the keys while the first pass writes its chunks, in file order. */
    static final class Builder {
        private long[] keys = new long[1024];
        private int size;

        void add(long[] chunk, int count) {
            if (size + count > keys.length) keys = Arrays.copyOf(keys, Math.max(keys.length * 2, size + count));
            System.arraycopy(chunk, 0, keys, size, count);
            size += count;
        }

        Accounts build() {
            Arrays.sort(keys, 0, size);
            Set<Long> repeated = new HashSet<>();
            for (int i = 1; i < size; i++) if (keys[i] == keys[i - 1]) repeated.add(keys[i]);
            keys = null;
            return repeated.isEmpty() ? none() : new Accounts(repeated);
        }
    }
}
