package io.billctl.yeti;

import static io.billctl.core.catalog.Field.decimal;
import static io.billctl.core.catalog.Field.integer;
import static io.billctl.core.catalog.Field.integerList;
import static io.billctl.core.catalog.Field.string;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.billctl.core.catalog.Catalog;
import io.billctl.core.catalog.Field;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * The updatable attributes of a Yeti-Switch account, with its two relationships as id fields, and
 * the rules yeti-web enforces for every account (spec/EVIDENCE.md, read from yeti-web's model,
 * form and resource): only those. What depends on the stored account (max-balance against the
 * stored min-balance, the thresholds merged with the stored ones, uniqueness, a contractor that
 * exists) is the server's to judge; the time zone is checked against the server's own list by
 * {@link YetiTimezones}, not here. Decimals go out as strings, as the server writes them
 * ({@link YetiBackend#normalise}). The two contact lists are kept as null when sent empty
 * (yeti-web: {@code Array.wrap(value).presence}), so {@code []} and null compare the same.
 */
final class YetiCatalog {
    /** Relationship field -> JSON:API type of what it points at. */
    static final Map<String, String> RELATIONSHIPS = Map.of("contractor", "contractors", "invoice-template", "invoice-templates");

    /**
     * The forms of a UUID the server takes (Rails' PostgreSQL UUID type): 32 hex digits in groups of
     * four, each followed by an optional hyphen, optionally in braces. Java has no conditional group
     * for the braces, so the two forms are spelt out.
     */
    static final String UUID_FORMS = "\\{(?:[a-fA-F0-9]{4}-?){8}\\}|(?:[a-fA-F0-9]{4}-?){8}";

    private YetiCatalog() {}

    /** Blank (empty or only white space) is what yeti-web's presence rule refuses. */
    private static final Field.Check NOT_BLANK = value -> value.asText().isBlank() ? "cannot be blank" : null;

    static final Catalog CATALOG = Catalog.of("yeti", List.of(YetiCatalog::balancesInOrder),
            string("name").check(NOT_BLANK, "Not blank.").help("Name; unique among accounts (the server checks).").example("name"),
            string("uuid").pattern(UUID_FORMS, "A UUID: 32 hex digits, in any case, with or without hyphens or braces; sent as 8-4-4-4-12 in lower case.")
                    .help("UUID; unique among accounts (the server checks).").example("724cd70a-39c4-11f1-8c50-82ad38f4dd55"),
            integer("external-id").range(Long.MIN_VALUE, Long.MAX_VALUE).nullable()
                    .help("ID of the account in an external system (a bigint); unique among accounts (the server checks).").example("4"),
            decimal("min-balance").help("Minimum balance.").example("0"),
            decimal("max-balance").help("Maximum balance; at least min-balance (the one given, else the stored one: the server checks that).").example("20"),
            decimal("balance-low-threshold").nullable()
                    .help("Balance below which a low-balance notification is sent; below balance-high-threshold when both are set."),
            decimal("balance-high-threshold").nullable().help("Balance above which a high-balance notification is sent."),
            integerList("send-balance-notifications-to").unordered().nullable().emptyIsNull()
                    .help("Contact IDs to send balance notifications to (the server does not check them; one ID is taken as a list of one)."),
            decimal("destination-rate-limit").min(0).nullable().help("Highest destination rate the account may use."),
            integer("max-call-duration").range(1, Integer.MAX_VALUE).nullable().help("Longest call allowed, in seconds.").example("36000"),
            decimal("vat").range(0, 100).help("VAT, in percent.").example("23.1"),
            integer("origination-capacity").range(1, 32767).nullable().help("Concurrent origination calls."),
            integer("termination-capacity").range(1, 32767).nullable().help("Concurrent termination calls."),
            integer("total-capacity").range(1, 32767).nullable().help("Concurrent calls in all."),
            integerList("send-invoices-to").unordered().nullable().emptyIsNull()
                    .help("Contact IDs to send invoices to (the server does not check them; one ID is taken as a list of one)."),
            string("timezone").check(NOT_BLANK, "A name in the server's own list (GET {url}/api/rest/admin/timezones: Europe/Berlin, EST, ROC, UTC, ...), "
                            + "checked against that list before sending when billctl can read it (kept for a day).")
                    .help("Time zone of the account.").example("Europe/Berlin"),
            integer("invoice-period-id").range(1, 7).nullable()
                    .help("Invoice period: 1 daily, 2 weekly, 3 biweekly, 4 monthly, 5 biweekly split by new month, 6 weekly split by new month, "
                            + "7 semi-monthly (yeti-web 1.15.38 and later).").example("3"),
            string("balance").refused("the balance is read-only (the server answers 400, code 105 \"Param not allowed\"); change it with a payment."),
            string("currency").refused("the currency is set when the account is created and cannot be updated."),
            integer("contractor").help("Relationship: the contractor the account belongs to (its ID; the server checks that it exists).").example("5"),
            integer("invoice-template").nullable().help("Relationship: the invoice template (its ID); --unset invoice-template clears it."));

    /** max-balance >= min-balance, and low threshold < high threshold, when an update gives both. */
    private static Map<String, String> balancesInOrder(ObjectNode update) {
        BigDecimal min = decimalOf(update.get("min-balance"));
        BigDecimal max = decimalOf(update.get("max-balance"));
        if (min != null && max != null && max.compareTo(min) < 0) {
            return Map.of("max-balance", "must be at least min-balance (" + shown(min) + "), got " + shown(max));
        }
        BigDecimal low = decimalOf(update.get("balance-low-threshold"));
        BigDecimal high = decimalOf(update.get("balance-high-threshold"));
        if (low != null && high != null && low.compareTo(high) >= 0) {
            return Map.of("balance-low-threshold", "must be below balance-high-threshold (" + shown(high) + "), got " + shown(low));
        }
        return Map.of();
    }

    /** As the user would write it: 10, not the "10.0" it goes out as. */
    private static String shown(BigDecimal number) {
        return number.signum() == 0 ? "0" : number.stripTrailingZeros().toPlainString();
    }

    /** A decimal given as a number or as the string Yeti itself prints; null when absent or null. */
    static BigDecimal decimalOf(JsonNode value) {
        if (value == null || value.isNull()) return null;
        return value.isNumber() ? value.decimalValue() : new BigDecimal(value.asText().trim());
    }
}
