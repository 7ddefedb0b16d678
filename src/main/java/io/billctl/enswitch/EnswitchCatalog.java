package io.billctl.enswitch;

import static io.billctl.core.catalog.Field.decimal;
import static io.billctl.core.catalog.Field.integer;
import static io.billctl.core.catalog.Field.string;

import com.fasterxml.jackson.databind.JsonNode;
import io.billctl.core.catalog.Catalog;
import io.billctl.core.catalog.Field;
import java.math.BigDecimal;
import java.util.List;

/**
 * The parameters of {@code unlimited/update}, from the vendor page. Every value travels as a
 * form parameter; none can be null (an empty string means "unknown" or "default" where the page
 * says so). What the page states is refused (hours 0 to 23, days 1 to 7 comma-separated, 1 or 0);
 * what it leaves unsaid is only warned about ({@code unstated}): a limit below -1 ("-1 for no
 * limit": -0.5, -2), a day named twice, a currency not in three capitals, a negative class of service or
 * ringing time.
 */
final class EnswitchCatalog {
    private EnswitchCatalog() {}

    /** A value the Validator has typed already: a JSON number, or a numeric string. */
    private static BigDecimal number(JsonNode value) {
        return value.isNumber() ? value.decimalValue() : new BigDecimal(value.asText().trim());
    }

    private static final Field.Check MINUS_ONE_OR_MORE = value -> {
        BigDecimal number = number(value);
        return number.compareTo(BigDecimal.ZERO) >= 0 || number.compareTo(BigDecimal.ONE.negate()) == 0
                ? null : "is neither -1 (no limit) nor 0 or more: " + number.toPlainString();
    };

    private static final Field.Check NOT_NEGATIVE = (JsonNode value) -> number(value).signum() >= 0 ? null : "is negative: " + value.asText();

    private static final Field.Check DISTINCT_DAYS = (JsonNode value) -> {
        String[] days = value.asText().split(",");
        return java.util.Arrays.stream(days).distinct().count() == days.length ? null : "names a day twice: \"" + value.asText() + "\"";
    };

    static final Catalog CATALOG = Catalog.of("enswitch", List.of(),
            string("callerid_external").help("Caller ID on external calls; an empty string for unknown.").example("442071234567"),
            string("callerid_internal").help("Caller ID on internal calls; an empty string for unknown."),
            integer("cos").unstated(NOT_NEGATIVE, "Usually 0 or more").help("Class of service: 0 for the default, 1 for the system COS that allows all calls, else a COS ID."),
            string("currency").unstated("[A-Z]{3}", "Usually three capital letters, such as GBP").help("Currency the prices are in.").example("GBP"),
            string("days_week").pattern("[1-7](,[1-7])*", "Days 1 (Monday) to 7 (Sunday), comma-separated.").unstated(DISTINCT_DAYS, "Usually each day once")
                    .help("Days of the week when active.").example("1,2,3,4,5"),
            string("description").freeText().help("Description."),
            string("dialplan").help("Dial plan for outbound calls; an empty string for the default dial plan."),
            integer("endhour").range(0, 23).help("End hour."),
            integer("endminute").range(0, 59).help("End minute."),
            integer("endsecond").range(0, 59).help("End second."),
            integer("locked").oneOf("0", "1").help("1 if the account is locked, 0 if not."),
            decimal("maximum_connectfee").unstated(MINUS_ONE_OR_MORE, "-1 for no limit, else 0 or more").help("Maximum connect fee on an outbound call to allow.").example("0.05"),
            decimal("maximum_cost").unstated(MINUS_ONE_OR_MORE, "-1 for no limit, else 0 or more").help("Maximum cost per minute on an outbound call to allow."),
            integer("maximum_seconds").unstated(MINUS_ONE_OR_MORE, "-1 for no limit, else 0 or more").help("Maximum seconds to let an outbound call run for."),
            decimal("minimum_percentage").help("Minimum profit margin, as a percentage, to allow an outbound call."),
            decimal("minimum_profit").help("Minimum profit per minute to allow an outbound call."),
            string("name").help("Name.").example("Night plan"),
            integer("panel").oneOf("0", "1").help("1 to show in the control panel, 0 not to."),
            integer("ring_after_answer").unstated(NOT_NEGATIVE, "Usually 0 or more").help("Seconds to play ringing for after answering; 0 to disable."),
            integer("starthour").range(0, 23).help("Start hour."),
            integer("startminute").range(0, 59).help("Start minute."),
            integer("startsecond").range(0, 59).help("Start second."));
}
