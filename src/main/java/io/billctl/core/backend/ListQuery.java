package io.billctl.core.backend;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code list} asks a vendor for: filters in the vendor's own parameter names and values
 * ({@code filter[name]} for Yeti-Switch, {@code i_customer} for PortaBilling...), how many accounts
 * at most (0: all), and how many a page.
 */
public record ListQuery(Map<String, String> filters, long limit, int pageSize) {
    public ListQuery {
        filters = Collections.unmodifiableMap(new LinkedHashMap<>(filters));
    }

    /** How many of the next page to ask for, when {@code seen} have come so far. */
    public int nextPageSize(long seen) {
        return limit > 0 ? (int) Math.min(pageSize, limit - seen) : pageSize;
    }

    /** Whether {@code seen} accounts are all that was asked for. */
    public boolean enough(long seen) {
        return limit > 0 && seen >= limit;
    }
}
