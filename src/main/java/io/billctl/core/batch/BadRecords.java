package io.billctl.core.batch;

import io.billctl.core.BillctlException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The bad records the first pass found, wherever on the cores it found them: the first
 * {@value #SHOWN} by line, and how many in all, so that one run names (almost) every row a file
 * needs fixed instead of one per run.
 */
final class BadRecords {
    static final int SHOWN = 20;

    private final TreeMap<Long, BillctlException> first = new TreeMap<>();
    private long count;
    /** Read by every record of the pass: a volatile read, not the lock. */
    private volatile boolean seen;

    synchronized void add(long line, BillctlException error) {
        seen = true;
        count++;
        first.put(line, error);
        if (first.size() > SHOWN) first.pollLastEntry();
    }

    boolean any() {
        return seen;
    }

    /**
     * One usage error: the first bad record's message (with its fields), and for a file with more,
     * a line for each of the others shown and one that counts them.
     */
    synchronized BillctlException error(String label) {
        Map.Entry<Long, BillctlException> head = first.firstEntry();
        BillctlException e = head.getValue();
        if (count == 1) return e;
        List<String> details = new ArrayList<>();
        first.tailMap(head.getKey(), false).values().forEach(other -> details.add(other.getMessage()));
        details.add(count + " bad records in " + label + (count > SHOWN ? " (the first " + SHOWN + " shown)" : "") + "; nothing was sent");
        return new BillctlException(e.exitCode(), e.getMessage(), e.fields(), e.vendorCode(), null).withDetails(details);
    }
}
