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
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * The updatable attributes of a Yeti-Switch account (yeti-web's own API and specs, via
 * spec/NOTES.md), with its two relationships as id fields. Decimals go out as JSON numbers and
 * come back as strings ("20.0").
 */
final class YetiCatalog {
    /** Relationship field -> JSON:API type of what it points at. */
    static final Map<String, String> RELATIONSHIPS = Map.of("contractor", "contractors", "invoice-template", "invoice-templates");

    private YetiCatalog() {}

    private static final Field.Check KNOWN_ZONE = value -> ZoneId.getAvailableZoneIds().contains(value.asText())
            ? null : "\"" + value.asText() + "\" is not an IANA time zone (such as Europe/Berlin or UTC)";

    static final Catalog CATALOG = Catalog.of("yeti", List.of(YetiCatalog::balancesInOrder),
            string("name").minLength(1).help("Name; unique among accounts.").example("name"),
            string("uuid").pattern("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}", "A UUID.").help("UUID."),
            integer("external-id").nullable().help("ID of the account in an external system.").example("4"),
            decimal("min-balance").help("Minimum balance.").example("0"),
            decimal("max-balance").help("Maximum balance; at least min-balance.").example("20"),
            decimal("balance-low-threshold").nullable().help("Balance below which a low-balance notification is sent; below balance-high-threshold."),
            decimal("balance-high-threshold").nullable().help("Balance above which a high-balance notification is sent."),
            integerList("send-balance-notifications-to").unordered().min(1).nullable().help("Contact IDs to send balance notifications to."),
            decimal("destination-rate-limit").nullable().help("Highest destination rate the account may use."),
            integer("max-call-duration").min(1).nullable().help("Longest call allowed, in seconds.").example("36000"),
            decimal("vat").range(0, 100).help("VAT, in percent.").example("23.1"),
            integer("origination-capacity").range(1, 32767).nullable().help("Concurrent origination calls."),
            integer("termination-capacity").range(1, 32767).nullable().help("Concurrent termination calls."),
            integer("total-capacity").range(1, 32767).nullable().help("Concurrent calls in all."),
            integerList("send-invoices-to").unordered().min(1).nullable().help("Contact IDs to send invoices to."),
            string("timezone").check(KNOWN_ZONE, "An IANA time zone.").help("Time zone of the account.").example("Europe/Berlin"),
            integer("invoice-period-id").min(1).nullable().help("Invoice period ID.").example("3"),
            string("balance").refused("the balance is read-only (the server answers 400, code 105 \"Param not allowed\"); change it with a payment."),
            string("currency").refused("the currency is set when the account is created and cannot be updated."),
            integer("contractor").min(1).help("Relationship: the contractor the account belongs to (its ID).").example("5"),
            integer("invoice-template").min(1).nullable().help("Relationship: the invoice template (its ID); --unset invoice-template clears it."));

    /** max-balance >= min-balance, and low threshold < high threshold, when an update gives both. */
    private static Map<String, String> balancesInOrder(ObjectNode update) {
        BigDecimal min = decimalOf(update.get("min-balance"));
        BigDecimal max = decimalOf(update.get("max-balance"));
        if (min != null && max != null && max.compareTo(min) < 0) {
            return Map.of("max-balance", "must be at least min-balance (" + min.toPlainString() + "), got " + max.toPlainString());
        }
        BigDecimal low = decimalOf(update.get("balance-low-threshold"));
        BigDecimal high = decimalOf(update.get("balance-high-threshold"));
        if (low != null && high != null && low.compareTo(high) >= 0) {
            return Map.of("balance-low-threshold", "must be below balance-high-threshold (" + high.toPlainString() + "), got " + low.toPlainString());
        }
        return Map.of();
    }

    /** A decimal given as a number or as the string Yeti itself prints; null when absent or null. */
    static BigDecimal decimalOf(JsonNode value) {
        if (value == null || value.isNull()) return null;
        return value.isNumber() ? value.decimalValue() : new BigDecimal(value.asText().trim());
    }
}
