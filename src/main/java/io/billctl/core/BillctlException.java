package io.billctl.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every failure billctl reports: an exit code, one line of text, and the per-field messages
 * a vendor or the validator gave. Messages are built by billctl, never from a secret.
 */
public class BillctlException extends RuntimeException {
    private final int exitCode;
    private final Map<String, String> fields;
    private final String vendorCode;
    private List<String> details = List.of();
    private boolean thisAccountOnly;
    private boolean everyRequest;

    public BillctlException(int exitCode, String message) {
        this(exitCode, message, Map.of(), null, null);
    }

    public BillctlException(int exitCode, String message, Throwable cause) {
        this(exitCode, message, Map.of(), null, cause);
    }

    public BillctlException(int exitCode, String message, Map<String, String> fields, String vendorCode, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
        this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        this.vendorCode = vendorCode;
    }

    public static BillctlException usage(String message) {
        return new BillctlException(ExitCode.USAGE, message);
    }

    public int exitCode() {
        return exitCode;
    }

    /** Field name to message, in the vendor's field names; empty when the failure is not about fields. */
    public Map<String, String> fields() {
        return fields;
    }

    /**
     * Further lines after the message, each printed as an error line of its own (a batch's other bad
     * records); empty for most failures.
     */
    public List<String> details() {
        return details;
    }

    public BillctlException withDetails(List<String> lines) {
        this.details = List.copyOf(lines);
        return this;
    }

    /**
     * Marks a refusal that concerns this one account (a permission the login lacks for it alone): a
     * batch fails the record and goes on, where another authentication failure stops the run.
     */
    public BillctlException thisAccountOnly() {
        this.thisAccountOnly = true;
        return this;
    }

    public boolean isThisAccountOnly() {
        return thisAccountOnly;
    }

    /**
     * Marks a failure that every other request of the run would meet as well, whatever its account (a
     * URL that leads nowhere): a batch stops at once instead of failing record after record.
     */
    public BillctlException forEveryRequest() {
        this.everyRequest = true;
        return this;
    }

    public boolean isForEveryRequest() {
        return everyRequest;
    }

    /** The vendor's own error code (e.g. {@code not_found}), when it gave one. */
    public String vendorCode() {
        return vendorCode;
    }
}
