package io.billctl.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.billctl.core.Json;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The emulated PortaBilling server's own rules for {@code account_info} in {@code Account/update_account},
 * written from the vendor page (spec/portabilling-account-update_account.txt) and spec/EVIDENCE.md, never
 * from billctl's catalog: what the server refuses (types, the page's lengths and formats, read-only and
 * fixed-after-creation fields), what it accepts and ignores (the read-only members a read returns inside
 * service_features and assigned_addons, included_services), and the values a read returns that it takes
 * back ({@code null} for credit_limit, expiration_date, life_time, inactivity_expire_time; {@code ""} for
 * text). The fault codes of refusals are the emulator's own (PortaOne does not publish them), of the
 * vendor's form {@code Class.Service.method.reason}.
 */
final class PortabillingRules {
    private PortabillingRules() {}

    static final String VALIDATION = "Client.Account.update_account.validation_error";
    static final String NOT_UPDATABLE = "Server.Account.update_account.field_not_updatable";
    static final String UNKNOWN_FIELD = "Client.Account.update_account.unknown_field";
    static final String LIST_VALIDATION = "Client.Account.get_account_list.validation_error";

    /** A value's problem in the server's words, or null; {@link #IGNORED} for what the server drops without a word. */
    interface Rule extends Function<JsonNode, String> {}

    /** Read-only or fixed: refused with {@link #NOT_UPDATABLE} and this text. */
    record Fixed(String why) implements Rule {
        @Override public String apply(JsonNode value) { return why; }
    }

    private static final Rule IGNORED = value -> null;
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

    /** Every member of account_info the page documents, by name. */
    static final Map<String, Rule> ACCOUNT_INFO = new LinkedHashMap<>();
    /** The members of an assigned_addons entry the server reads; the product's own members a read shows are ignored. */
    static final Set<String> ADDON_ASSIGNMENT = Set.of("i_product", "addon_effective_from", "addon_effective_to", "i_reseller_subscription");

    /**
     * The filters of {@code Account/get_account_list} the emulator knows, by the type of the account's field
     * of that name (the page's: id and login are strings, the i_ ids integers); null is no filter. Others
     * are ignored.
     */
    static final Map<String, Rule> LIST_FILTERS = new LinkedHashMap<>();

    static {
        Rule text = text(0, Integer.MAX_VALUE, null);
        for (String name : new String[] {"address_line_2", "baddr1", "batch_name", "city", "companyname", "cont1", "cont2", "faxnum",
                "firstname", "h323_password", "i_lang", "in_date_format", "in_time_format", "lastname", "notepad", "out_date_format",
                "out_date_time_format", "out_time_format", "phone1", "phone2", "redirect_number", "salutation", "state"}) {
            ACCOUNT_INFO.put(name, text);
        }
        for (String name : new String[] {"i_acl", "i_batch", "i_customer_site", "i_distributor", "i_product", "i_role", "i_time_zone", "i_vd_plan",
                "ua_profile_id"}) {
            ACCOUNT_INFO.put(name, integer(false));
        }
        ACCOUNT_INFO.put("activation_date", date(false));
        ACCOUNT_INFO.put("alias_did_number_list", new Fixed("alias_did_number_list is read-only"));
        ACCOUNT_INFO.put("assigned_addons", PortabillingRules::addons);
        ACCOUNT_INFO.put("aux_fields", list(object(Map.of("name", text, "value", text))));
        ACCOUNT_INFO.put("bcc", text); // the page gives no form for an email address
        ACCOUNT_INFO.put("bill_status", new Fixed("bill_status cannot be set by update_account; use Account/terminate_account"));
        ACCOUNT_INFO.put("billing_model", new Fixed("billing_model cannot be changed after the account is created"));
        ACCOUNT_INFO.put("blocked", oneOf("Y", "N"));
        ACCOUNT_INFO.put("call_processing_mode_info", object(Map.of("effective_from", IGNORED, "effective_to", dateTime(true),
                "i_response_message", integer(true), "name", IGNORED, "response_message_name", IGNORED, "short_code", integer(true), "sticky", IGNORED)));
        ACCOUNT_INFO.put("control_number", new Fixed("control_number cannot be changed after the account is created"));
        // "ISO 3166-1 alpha-2 format": two letters; which codes, and in which case, the page does not say.
        ACCOUNT_INFO.put("country", text(0, 2, "[A-Za-z]{2}"));
        ACCOUNT_INFO.put("credit_limit", decimal(true));
        ACCOUNT_INFO.put("ecommerce_enabled", oneOf("Y", "N"));
        ACCOUNT_INFO.put("email", text);
        ACCOUNT_INFO.put("expiration_date", date(true));
        ACCOUNT_INFO.put("i_account_balance_control_type", oneOf(1, 2, 3));
        ACCOUNT_INFO.put("i_account_role", oneOf(1, 2, 3, 4, 5, 6, 7, 8, 9));
        ACCOUNT_INFO.put("i_customer", new Fixed("i_customer cannot be changed after the account is created"));
        ACCOUNT_INFO.put("i_master_account", new Fixed("i_master_account can only be changed by the system"));
        ACCOUNT_INFO.put("id", text(1, 64, null));
        ACCOUNT_INFO.put("inactivity_expire_time", integer(true));
        ACCOUNT_INFO.put("included_services", IGNORED); // "Only in get responses; ignored in add/update"
        ACCOUNT_INFO.put("iso_4217", new Fixed("iso_4217 cannot be changed after the account is created"));
        ACCOUNT_INFO.put("life_time", integer(true));
        ACCOUNT_INFO.put("login", text(4, 64, "[A-Za-z0-9@._-]+"));
        ACCOUNT_INFO.put("midinit", text(0, 25, null));
        ACCOUNT_INFO.put("note", text(0, 100, null));
        ACCOUNT_INFO.put("opening_balance", decimal(false));
        ACCOUNT_INFO.put("password", value -> {
            if (!value.isTextual()) return "must be a string";
            String password = value.textValue();
            if (password.isEmpty()) return null;
            boolean letter = password.codePoints().anyMatch(Character::isLetter);
            boolean digit = password.codePoints().anyMatch(Character::isDigit);
            return password.length() >= 6 && letter && digit ? null : "must be at least 6 characters with a letter and a digit";
        });
        ACCOUNT_INFO.put("service_features", PortabillingRules::features);
        ACCOUNT_INFO.put("sim_card_info", object(Map.ofEntries(Map.entry("amf", text(0, 4, "[0-9A-Fa-f]{4}")),
                Map.entry("auth_key", text(0, 32, "[0-9A-Fa-f]{32}")), Map.entry("description", text), Map.entry("hlr", text),
                Map.entry("i_account", integer(true)), Map.entry("i_sim_card", integer(true)), Map.entry("iccid", text(0, 22, "[0-9]{18,22}")),
                Map.entry("imsi", text(0, 15, "[0-9]{6,15}")), Map.entry("is_used", oneOf(0, 1)), Map.entry("managed_by", integer(true)),
                Map.entry("msisdn", text(0, 15, "[0-9]{1,15}")), Map.entry("notepad", text), Map.entry("opc_key", text(0, 32, "[0-9A-Fa-f]{32}")))));
        ACCOUNT_INFO.put("subscriber_email", text);
        ACCOUNT_INFO.put("voucher_info", object(Map.of("id", text)));
        ACCOUNT_INFO.put("zip", text(2, 10, "[A-Za-z0-9 -]+"));

        Rule textFilter = value -> value.isNull() || value.isTextual() ? null : "must be a string";
        LIST_FILTERS.put("id", textFilter);
        LIST_FILTERS.put("login", textFilter);
        LIST_FILTERS.put("i_customer", integer(true));
        LIST_FILTERS.put("i_product", integer(true));
    }

    /** Text; {@code ""} always goes (the server's "not set"); else the length and pattern the page gives. */
    private static Rule text(int min, int max, String regex) {
        Pattern pattern = regex == null ? null : Pattern.compile(regex);
        return value -> {
            if (!value.isTextual()) return "must be a string";
            String text = value.textValue();
            if (text.isEmpty()) return null;
            int length = text.codePointCount(0, text.length());
            if (length < min || length > max) return max == Integer.MAX_VALUE ? "must be at least " + min + " characters" : "must be " + min + " to " + max + " characters long";
            if (pattern != null && !pattern.matcher(text).matches()) return "\"" + text + "\" is not in the allowed form";
            return null;
        };
    }

    private static Rule oneOf(String... values) {
        Set<String> allowed = Set.of(values);
        return value -> value.isTextual() && allowed.contains(value.textValue()) ? null : "must be one of " + String.join(", ", values);
    }

    private static Rule oneOf(int... values) {
        return value -> {
            if (value.isIntegralNumber()) for (int allowed : values) if (value.asInt() == allowed) return null;
            return "is not one of the allowed values";
        };
    }

    private static Rule integer(boolean nullable) {
        return value -> value.isNull() && nullable || value.isIntegralNumber() ? null : "must be an integer";
    }

    /** A JSON number, or a number written as a string (the server casts it). */
    private static Rule decimal(boolean nullable) {
        return value -> {
            if (value.isNull()) return nullable ? null : "must be a number";
            if (value.isNumber()) return null;
            if (value.isTextual()) {
                try {
                    new java.math.BigDecimal(value.textValue().trim());
                    return null;
                } catch (NumberFormatException e) {
                    return "must be a number";
                }
            }
            return "must be a number";
        };
    }

    private static Rule date(boolean nullable) {
        return value -> {
            if (value.isNull()) return nullable ? null : "must be a date YYYY-MM-DD";
            try {
                LocalDate.parse(value.asText());
                return value.isTextual() ? null : "must be a date YYYY-MM-DD";
            } catch (RuntimeException e) {
                return "must be a date YYYY-MM-DD";
            }
        };
    }

    private static Rule dateTime(boolean nullable) {
        return value -> {
            if (value.isNull()) return nullable ? null : "must be a date and time YYYY-MM-DD hh:mm:ss";
            try {
                LocalDateTime.parse(value.asText(), DATE_TIME);
                return value.isTextual() ? null : "must be a date and time YYYY-MM-DD hh:mm:ss";
            } catch (RuntimeException e) {
                return "must be a date and time YYYY-MM-DD hh:mm:ss";
            }
        };
    }

    private static Rule list(Rule item) {
        return value -> {
            if (!value.isArray()) return "must be a list";
            for (JsonNode each : value) {
                String problem = item.apply(each);
                if (problem != null) return problem;
            }
            return null;
        };
    }

    /** An object whose known members are checked; members it does not know are ignored. */
    private static Rule object(Map<String, Rule> members) {
        return value -> {
            if (!value.isObject()) return "must be an object";
            for (Map.Entry<String, JsonNode> entry : (Iterable<Map.Entry<String, JsonNode>>) value::fields) {
                Rule rule = members.get(entry.getKey());
                String problem = rule == null ? null : rule.apply(entry.getValue());
                if (problem != null) return entry.getKey() + " " + problem;
            }
            return null;
        };
    }

    /** Each add-on names its product; the dates are checked; the product's own members a read returns are ignored. */
    private static String addons(JsonNode value) {
        if (!value.isArray()) return "must be a list";
        for (JsonNode addon : value) {
            if (!addon.isObject()) return "must be a list of objects";
            if (!addon.path("i_product").isIntegralNumber()) return "i_product of each add-on must be an integer";
            for (String date : new String[] {"addon_effective_from", "addon_effective_to"}) {
                if (addon.has(date)) {
                    String problem = dateTime(date.endsWith("_to")).apply(addon.get(date));
                    if (problem != null) return date + " " + problem;
                }
            }
            JsonNode reseller = addon.get("i_reseller_subscription");
            if (reseller != null && !reseller.isNull() && !reseller.isIntegralNumber()) return "i_reseller_subscription must be an integer";
        }
        return null;
    }

    /** "flag_value ... Not mandatory for cli_trust and permitted_sip_proxies service features": mandatory for every other. */
    static final Set<String> FLAG_VALUE_OPTIONAL = Set.of("cli_trust", "permitted_sip_proxies");
    /** "Both attributes of the cli_trust service feature (accept_caller and supply_caller) are mandatory." */
    static final java.util.List<String> CLI_TRUST_ATTRIBUTES = java.util.List.of("accept_caller", "supply_caller");

    /**
     * Each feature has a name; flag values and attribute values are text; the effective (inherited) members
     * are ignored. The page's two notes: a feature other than cli_trust and permitted_sip_proxies needs its
     * flag_value, and cli_trust needs both its attributes, accept_caller and supply_caller.
     */
    private static String features(JsonNode value) {
        if (!value.isArray()) return "must be a list";
        for (JsonNode feature : value) {
            if (!feature.isObject() || !feature.path("name").isTextual()) return "each service feature needs a name";
            String name = feature.path("name").textValue();
            if (feature.has("flag_value") && !feature.get("flag_value").isTextual()) return "flag_value must be a string";
            if (!feature.has("flag_value") && !FLAG_VALUE_OPTIONAL.contains(name)) return "flag_value is mandatory for the service feature " + name;
            JsonNode attributes = feature.path("attributes");
            if (!attributes.isMissingNode() && !attributes.isArray()) return "attributes must be a list";
            java.util.Set<String> named = new java.util.HashSet<>();
            for (JsonNode attribute : attributes) {
                if (!attribute.path("name").isTextual()) return "each attribute needs a name";
                named.add(attribute.path("name").textValue());
                JsonNode values = attribute.path("values");
                if (!values.isMissingNode() && !values.isArray()) return "values must be a list";
            }
            if (name.equals("cli_trust") && !named.containsAll(CLI_TRUST_ATTRIBUTES)) {
                return "both attributes of the cli_trust service feature (accept_caller and supply_caller) are mandatory";
            }
        }
        return null;
    }

    // --- what the server keeps ----------------------------------------------------------------

    /**
     * The account's service features after an update: each feature given replaces the one of its name;
     * the effective (inherited) values are the server's: the flag and the values the feature holds.
     */
    static ArrayNode mergeFeatures(JsonNode stored, JsonNode given) {
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        if (stored != null && stored.isArray()) stored.forEach(feature -> byName.put(feature.path("name").asText(), feature));
        given.forEach(feature -> byName.put(feature.path("name").asText(), feature(feature, byName.get(feature.path("name").asText()))));
        ArrayNode merged = Json.NODES.arrayNode();
        byName.values().forEach(merged::add);
        return merged;
    }

    /** A feature as the server keeps and reads it back: writable members as given, effective ones its own. */
    static ObjectNode feature(JsonNode given) {
        return feature(given, null);
    }

    /**
     * The same, replacing {@code stored} (null for a new one): a feature whose flag_value is not mandatory
     * (cli_trust, permitted_sip_proxies) and is not given keeps the flag it had.
     */
    static ObjectNode feature(JsonNode given, JsonNode stored) {
        ObjectNode feature = Json.object();
        given.fields().forEachRemaining(entry -> {
            if (!entry.getKey().startsWith("effective_") && !entry.getKey().equals("attributes")) feature.set(entry.getKey(), entry.getValue());
        });
        if (!given.has("flag_value") && stored != null && stored.path("flag_value").isTextual()) feature.set("flag_value", stored.get("flag_value"));
        String flag = feature.path("flag_value").isTextual() ? feature.get("flag_value").textValue()
                : stored != null && stored.path("effective_flag_value").isTextual() ? stored.get("effective_flag_value").textValue() : "N";
        feature.put("effective_flag_value", flag);
        if (given.has("attributes")) {
            ArrayNode attributes = feature.putArray("attributes");
            for (JsonNode attribute : given.get("attributes")) {
                ObjectNode kept = attributes.addObject().put("name", attribute.path("name").asText());
                JsonNode values = attribute.path("values").isArray() ? attribute.get("values") : Json.NODES.arrayNode();
                kept.set("values", values);
                kept.set("effective_values", values);
            }
        }
        return feature;
    }

    /** An add-on as the server keeps and reads it back: the product's data, and the assignment's own members as given. */
    static ObjectNode addon(JsonNode given) {
        long product = given.path("i_product").asLong();
        ObjectNode addon = product(product);
        for (String member : ADDON_ASSIGNMENT) if (given.has(member)) addon.set(member, given.get(member));
        if (!addon.has("addon_effective_to")) addon.putNull("addon_effective_to");
        return addon;
    }

    /** Product {@code i_product} as an add-on entry shows it: the members the page marks read-only or fixed among them. */
    static ObjectNode product(long i_product) {
        ObjectNode product = Json.object();
        product.put("i_product", i_product);
        product.put("name", "Add-on " + i_product);
        product.put("description", "");
        product.put("addon_priority", 10);
        product.put("iso_4217", "USD");
        product.put("hidden", "N");
        product.put("realm", "");
        product.putNull("i_reseller_subscription");
        product.put("is_used", 1);
        product.put("is_used_by_resellers", 0);
        product.put("product_group_name", "");
        ObjectNode subscription = product.putObject("product_subscription");
        subscription.put("i_product_subscription", i_product * 10);
        subscription.put("i_product", i_product);
        subscription.put("i_subscription", 3);
        subscription.put("name", "Monthly fee");
        subscription.put("activation_fee", 0);
        subscription.put("activation_mode", 1);
        subscription.put("advance_periods", 0);
        subscription.put("charge_model", 2);
        subscription.put("iso_4217", "USD");
        subscription.put("effective_fee", 4.99);
        subscription.putArray("periodic_fees").addArray().addObject().put("fee", 4.99).put("i_billing_period", 4)
                .put("i_subscription", 3).put("i_subscription_fee", 31).put("periods", 0);
        return product;
    }
}
