package io.billctl.core.backend;

import io.billctl.core.BillctlException;

/** Account ids as the vendors number them. */
public final class Ids {
    private Ids() {}

    /** A positive integer in canonical form ("007" -> "7"), or a usage error naming what it is. */
    public static String positiveInteger(String text, String what) {
        String foreign = io.billctl.core.catalog.Numbers.foreignDigits(text);
        if (foreign != null) throw BillctlException.usage(what + " " + foreign);
        try {
            long id = Long.parseLong(text.trim());
            if (id > 0) return Long.toString(id);
        } catch (NumberFormatException e) {
            // fall through to the one message
        }
        throw BillctlException.usage(what + " must be a positive integer, got '" + text + "'");
    }
}
