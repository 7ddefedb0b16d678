package io.billctl.jerasoft;

import static io.billctl.core.catalog.Field.bool;
import static io.billctl.core.catalog.Field.integer;
import static io.billctl.core.catalog.Field.integerList;
import static io.billctl.core.catalog.Field.string;
import static io.billctl.core.catalog.Field.stringList;

import io.billctl.core.catalog.Catalog;
import java.util.List;
import java.util.Set;

/**
 * The body of {@code PATCH /clients/accounts/:id}, in the vendor page's order. The scraped page
 * lost the names; they come from spec/NOTES.md and EVIDENCE.md: confirmed up to
 * {@code orig_rate_tables_ids}, guessed after it from the vendor's habit ({@code *_ids} for lists),
 * which is {@link #UNVERIFIED}. A site that finds a guess wrong maps it to the server's name in its
 * profile ({@code field_names}), without a release. "Required when" rules are judged on the account
 * (core's StateRules): an update that sets auth_type without its field is checked against the account.
 */
final class JerasoftCatalog {
    static final long MAX_CAPACITY = 2147483647L;

    /** The names after orig_rate_tables_ids: not in any public source, so a profile may map them. */
    static final Set<String> UNVERIFIED = Set.of("orig_routing_plan_id", "term_enabled", "term_capacity", "term_rate_tables_ids",
            "term_protocol", "term_port", "term_proxy_mode", "ips", "equipment_ids");

    private static final String GUESSED = " (Name unverified: a profile's field_names maps it to the server's.)";

    private JerasoftCatalog() {}

    static final Catalog CATALOG = Catalog.of("jerasoft", List.of(),
            integer("clients_id").min(1).help("Client ID. Sent as given, and the server decides: JeraSoft does not allow moving an account "
                    + "to another client (disable it and create a new one), so a value other than the account's own may be refused."),
            string("name").length(1, 64).help("Name.").example("Acme Ltd"),
            string("auth_type").oneOf("name", "ip", "ani").help("Type of identification."),
            string("notes").nullable().freeText().help("Notes."),
            stringList("orig_tags").unordered().help("Origination: tag(s) assigned to the events originated by the account.").example("vip,eu"),
            stringList("term_tags").unordered().help("Termination: tag(s) assigned to the events terminated by the account."),
            string("tech_prefix").maxLength(64).nullable()
                    .help("Technical prefix, checked against the prefix of the dst_party_id in the xDR and stripped from it on a match.")
                    .example("777"),
            string("ani").maxLength(64).nullable().requiredWhen("auth_type", "ani").help("Identification: ANI."),
            string("accname").maxLength(128).nullable().requiredWhen("auth_type", "name").help("Identification: name."),
            string("password").maxLength(256).nullable().secret()
                    .help("Identification: password, used with the name auth type (registration through the billing system)."),
            bool("orig_enabled").help("Origination: the account may originate events (calls)."),
            integer("orig_capacity").range(0, MAX_CAPACITY).nullable().help("Origination: concurrent channels capacity.").example("30"),
            integerList("orig_rate_tables_ids").min(1).nullable()
                    .help("Origination: rate table ID(s); the client's rate tables are used when not given."),
            integer("orig_routing_plan_id").min(1).nullable()
                    .help("Origination: routing plan ID; the client's routing plan is used when not given." + GUESSED),
            bool("term_enabled").help("Termination: the account may terminate events (calls)." + GUESSED),
            integer("term_capacity").range(0, MAX_CAPACITY).nullable().help("Termination: concurrent channels capacity." + GUESSED),
            integerList("term_rate_tables_ids").min(1).nullable()
                    .help("Termination: rate table ID(s); the client's rate tables are used when not given." + GUESSED),
            string("term_protocol").maxLength(64).nullable().help("Termination: protocol, as the equipment supports it." + GUESSED),
            string("term_port").maxLength(64).nullable().help("Termination: port, as the equipment supports it." + GUESSED),
            integer("term_proxy_mode").range(0, 7).help("Termination: proxy mode, as the equipment supports it (default 1)." + GUESSED),
            // The page says only "Identification: IP address(es)", under a name that is itself unverified: no form is
            // stated (a port, a range or a host name may be what a site's server takes), so an odd one is warned about.
            stringList("ips").unordered().usuallyIpAddress(true).requiredWhen("auth_type", "ip").help("Identification: IP address(es)." + GUESSED).example("192.0.2.10,192.0.2.11"),
            integerList("equipment_ids").unordered().min(1).help("Identification: equipment ID(s) on which the account may be used." + GUESSED));
}
