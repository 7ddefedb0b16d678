package io.billctl.core.backend;

import com.fasterxml.jackson.databind.JsonNode;
import io.billctl.core.BillctlException;
import io.billctl.core.ExitCode;

/**
 * Where a list paged by {@code offset} and {@code limit} ends, for the vendors whose answer says
 * nothing else (JeraSoft, PortaBilling). A page shorter than asked for is not the end: a server
 * that caps its pages below {@code --page-size} answers short pages all the way, and stopping at
 * the first would leave the rest out without a word (and out of an update fed with the list).
 * Only an empty page ends the list; that costs one more request when the count is not a
 * multiple of the page. And a server that ignores the offset, answering the same page again,
 * would then be listed for ever: the first account of each page is checked against the page before.
 */
public final class OffsetPages {
    private final String vendor;
    private String firstOfLast;

    public OffsetPages(String vendor) {
        this.vendor = vendor;
    }

    /**
     * A page that came back for {@code offset}, whose first account's id is {@code first} (null for
     * an empty page) and which is {@code full} (as many as asked for): exit 5 when it is the page
     * before over again, the accounts already shown kept.
     */
    public void arrived(long offset, JsonNode first, boolean full) {
        String id = first == null || !first.isValueNode() ? null : first.asText();
        if (id != null && id.equals(firstOfLast)) {
            throw new BillctlException(ExitCode.UNAVAILABLE, vendor + " answered the list at offset " + offset + " with the page it gave before (first "
                    + "account " + id + "): the server does not page with limit and offset, so billctl stops after the " + offset
                    + " accounts shown rather than list them again" + (full ? " (a larger --page-size may get them all in one page)" : ""));
        }
        firstOfLast = id;
    }

    /** Whether another page may hold more, after one of {@code got} accounts: any but an empty one. */
    public static boolean more(int got) {
        return got > 0;
    }
}
