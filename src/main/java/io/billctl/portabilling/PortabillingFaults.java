package io.billctl.portabilling;

import java.util.Locale;
import java.util.Map;

/**
 * What a PortaBilling fault code means, as data: every code spec/EVIDENCE.md names, with what billctl
 * does about it. PortaBilling answers every fault with HTTP 500 and {@code faultcode}/{@code faultstring},
 * so the code decides, never the status, and never a word found inside a code that is not here:
 * <ul>
 * <li>a code this table does not know is a refusal (exit 1) that shows the code, whatever its class:
 *     {@code Client.*} (the request's fault) and {@code Server.*} (a server-side check that said no) alike;
 *     update_account's refusals of that kind are checked against the account (an unknown account reads as
 *     200 {@code {}}: exit 4), since PortaOne does not publish update_account's not-found code;</li>
 * <li>a 500 without a fault body, and a 429, are the server's trouble: retried (the client's RETRYABLE).</li>
 * </ul>
 */
final class PortabillingFaults {
    private PortabillingFaults() {}

    enum Outcome {
        /** The access token or session was not taken: forget it, log in once, send once more; a second time is exit 3. */
        TOKEN_REJECTED,
        /** Session/login said no: exit 3, and no worker of a batch tries again. */
        LOGIN_REFUSED,
        /** The site cannot take changes for now (disaster recovery switching over): retried, then exit 5. */
        TRANSIENT,
        /** A refusal of the request's values: exit 1, not retried. */
        REJECTED,
        /** The login may not touch this one account: exit 3 for this account; a batch goes on with the others. */
        PERMISSION,
        /** Not in the table: a refusal that shows its code (exit 1), update_account's checked against the account. */
        UNKNOWN
    }

    /** The codes EVIDENCE.md lists (PortaOne's pages and public clients that talk to real servers). */
    static final Map<String, Outcome> TABLE = Map.ofEntries(
            // A rejected token or session, on any call: the four codes real servers answer.
            Map.entry("Server.Session.check_auth.auth_failed", Outcome.TOKEN_REJECTED),
            Map.entry("Client.Session.check_auth.failed_to_process_access_token", Outcome.TOKEN_REJECTED),
            Map.entry("Client.Session.check_auth.failed_to_process_jwt", Outcome.TOKEN_REJECTED),
            Map.entry("Client.check_auth.envelope_missed", Outcome.TOKEN_REJECTED),
            // Session/login's refusals.
            Map.entry("Server.Session.auth_failed", Outcome.LOGIN_REFUSED),
            Map.entry("Server.Session.cannot_login_brute_force_activity", Outcome.LOGIN_REFUSED),
            Map.entry("Server.Session.alert_You_must_change_password", Outcome.LOGIN_REFUSED),
            // Disaster recovery's read-only answers: bare codes, no class.
            Map.entry("standalone_mode", Outcome.TRANSIENT),
            Map.entry("secondary_site", Outcome.TRANSIENT),
            Map.entry("read_only_mode", Outcome.TRANSIENT),
            Map.entry("pb_delta.connection_failed", Outcome.TRANSIENT),
            // Seen from update_account: the PIN (id) belongs to another account.
            Map.entry("Server.Account.duplicate_id", Outcome.REJECTED));

    /**
     * Unverified: no PortaOne page lists its permission faults. A code outside {@code Session} that says
     * {@code permission} or {@code access_denied} is taken as this one account being out of the login's
     * reach (a reseller's or another customer's account), which fails that record, not a batch.
     */
    private static final String[] PERMISSION_WORDS = {"permission", "access_denied"};

    static Outcome of(String code) {
        Outcome known = TABLE.get(code);
        if (known != null) return known;
        String lower = code.toLowerCase(Locale.ROOT);
        // The disaster-recovery codes come bare; a release that puts them under a class is the same answer.
        for (Map.Entry<String, Outcome> entry : TABLE.entrySet()) {
            if (entry.getValue() == Outcome.TRANSIENT && lower.endsWith("." + entry.getKey())) return Outcome.TRANSIENT;
        }
        if (!lower.contains("session")) {
            for (String word : PERMISSION_WORDS) if (lower.contains(word)) return Outcome.PERMISSION;
        }
        return Outcome.UNKNOWN;
    }
}
