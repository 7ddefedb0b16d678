package io.billctl.portabilling;

import static io.billctl.core.catalog.Field.date;
import static io.billctl.core.catalog.Field.dateTime;
import static io.billctl.core.catalog.Field.decimal;
import static io.billctl.core.catalog.Field.integer;
import static io.billctl.core.catalog.Field.integerList;
import static io.billctl.core.catalog.Field.json;
import static io.billctl.core.catalog.Field.object;
import static io.billctl.core.catalog.Field.objectList;
import static io.billctl.core.catalog.Field.string;
import static io.billctl.core.catalog.Field.stringList;

import io.billctl.core.catalog.Catalog;
import io.billctl.core.catalog.Field;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code account_info} object of {@code Account/update_account}, every row of the vendor
 * page in its (alphabetical) order, nested members ({@code parent.child} on the page) inside
 * their parent. Notes that forbid an update (read-only, fixed after creation, system-only) are
 * refusals; spec/NOTES.md adds {@code i_account} and {@code bill_status}. {@code included_services}
 * ("Only in get responses; ignored in add/update") is {@code dropped}, as the read-only members below are.
 * <p>
 * What a read returns must go back (EVIDENCE.md): the members the page marks read-only inside the
 * writable lists and objects ({@code service_features[].effective_flag_value}, an add-on's
 * {@code addon_priority}, {@code iso_4217}, {@code hidden}, {@code realm}, its product subscription's
 * plan data, ...) are {@code dropped}: accepted whatever they hold and left out of the request, with
 * one note (the server sets them itself; sending them back would at best be ignored). Members a read
 * returns as {@code null} ({@code i_reseller_subscription}, {@code addon_effective_to}) are nullable and
 * sent. {@code null} is accepted where a read returns it ({@code credit_limit}, {@code expiration_date},
 * {@code life_time}, {@code inactivity_expire_time}; inside {@code call_processing_mode_info} and {@code sim_card_info}, the
 * ids and the end date a mode or a card may lack), and {@code ""} (PortaBilling's "not set") for every
 * text field with a format. {@code release_assigned_did} is the one field that goes beside
 * {@code account_info} in {@code params}.
 * <p>
 * How billctl compares what an account holds with what an update sets (--diff, --skip-unchanged,
 * --expect, undo) is the server's way, said here: service_features merged by name, assigned_addons
 * replaced whole, each add-on named by its i_product (a read adds the product's own members, which are
 * not compared).
 */
final class PortabillingCatalog {
    private PortabillingCatalog() {}

    private static final String READ_ONLY = "read-only.";
    private static final String INHERITED = "read-only; inherited by the account from customer, customer site, or product.";
    private static final String INHERITED_FROM_SERVICE = "read-only; inherited from the service.";
    private static final String FIXED_AFTER_CREATION = "cannot be changed after creation.";

    private static final String EMAIL = "[^@\\s]+@[^@\\s]+\\.[^@\\s]+";
    private static final String EMAIL_WORDS = "Usually an email address";

    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

    private static final Field.Check KNOWN_COUNTRY = value -> COUNTRIES.contains(value.asText())
            ? null : "\"" + value.asText() + "\" is not an ISO 3166-1 alpha-2 code the JDK knows, in capitals (such as DE or US)";

    /** Never echoes the value: the field is a secret. */
    private static final Field.Check LETTER_AND_DIGIT = value -> {
        String text = value.asText();
        boolean letter = text.codePoints().anyMatch(Character::isLetter);
        boolean digit = text.codePoints().anyMatch(Character::isDigit);
        return letter && digit ? null : "must contain at least one letter and one digit";
    };

    private static final Pattern HEX_32 = Pattern.compile("[0-9A-Fa-f]{32}");

    /** A check rather than a pattern: a pattern's problem quotes the value, and these keys are secrets. */
    private static final Field.Check HEX_32_KEY = value -> HEX_32.matcher(value.asText()).matches()
            ? null : "must be 32 hexadecimal digits";

    static final Catalog CATALOG = Catalog.of("portabilling", List.of(),
            date("activation_date").help("The date on which the account is activated. The date the account is used for the first time."),
            string("address_line_2").help("The 2nd line of the account owner's address."),
            objectList("alias_did_number_list",
                    string("did_number").pattern("[0-9]+", "Digits only.").refused(READ_ONLY).help("The DID number. Used to specify a phone number."),
                    integer("i_did_number").refused(READ_ONLY).help("The unique ID of the DID number record."))
                    .refused(READ_ONLY)
                    .help("The list of the account's aliases' DID numbers. Included in the response if limit_alias_did_number_list parameter is greater than zero."),
            objectList("assigned_addons",
                    dateTime("addon_effective_from").help("Indicates the date when a product add-on is effective."),
                    dateTime("addon_effective_to").nullable().help("Indicates the date when a product add-on will be ineffective."),
                    integer("addon_priority").oneOf("0", "10", "15", "20", "25", "30")
                            .dropped("can only be set on add-on creation and cannot be changed later.")
                            .help("Indicates the priority of an add-on product: 0 main product, 10 low, 15 medium low, 20 medium, 25 medium high, 30 high."),
                    integerList("allowed_products").help("The list of main products that can be used with the add-on product."),
                    string("allowed_with_any_product").help("Defines if the add-on product can be assigned with any other main product. Available only for add-on products managed by the administrator and available to resellers."),
                    decimal("breakage").help("The breakage. Used to obtain a summary of depleted accounts."),
                    integer("default_i_acl").help("Indicates the ACL for accounts with this product assigned."),
                    string("description").freeText().help("The product description."),
                    string("end_user_description").freeText().help("The description visible to end users."),
                    string("end_user_name").help("The product name visible to end users."),
                    string("fraud_protection").oneOf("None", "All", "Debit").help("The overdraft protection mode for the product."),
                    string("hidden").oneOf("Y", "N").dropped(READ_ONLY).help("Indicates whether the product is hidden."),
                    integer("i_account_role").oneOf("1", "2", "3", "4", "5", "6", "7", "8", "9")
                            .help("The ID of the account role: 1 Universal, 2 Phone line, 3 Auto attendant, 4 Prepaid card, 5 PINless, 6 IPv4 address, 7 User@domain, 8 MSISDN, 9 Voucher."),
                    integer("i_customer").help("The record ID of the reseller who manages the product."),
                    integer("i_product").help("The unique ID of the product record."),
                    integer("i_product_group").help("The ID of the product group."),
                    integer("i_reseller_subscription").nullable().help("The ID of the Subscription Plan assigned to the reseller."),
                    integer("i_subscription").help("The ID of the subscription plan."),
                    integer("i_vd_plan").help("The ID of the assigned volume discount plan."),
                    integerList("included_services").help("The list of services provided with the product."),
                    string("info_url").help("The URL to an external website describing product features."),
                    integer("is_used").oneOf("1", "0").dropped(READ_ONLY).help("Indicates whether the product is used: 1 is used, 0 is not used."),
                    integer("is_used_by_resellers").oneOf("1", "0").dropped(READ_ONLY)
                            .help("Indicates whether the shared product is used by resellers: 1 is used, 0 is not used."),
                    string("iso_4217").dropped("cannot be changed after product creation.")
                            .help("The ISO 4217 code for the currency in which the product is billed."),
                    string("managed_by_user").oneOf("Y", "N").help("Indicates whether the product can be managed by an end user."),
                    string("name").help("The product name."),
                    string("notepad").freeText().help("The product notepad for notes."),
                    string("product_group_name").dropped(READ_ONLY).help("The name of the product group."),
                    object("product_subscription",
                            decimal("activation_fee").dropped(READ_ONLY).help("The one-time fee for subscription activation."),
                            integer("activation_mode").oneOf("1", "2").dropped(READ_ONLY)
                                    .help("The activation mode: 1 at the given start date, 2 upon the account's first usage."),
                            integer("advance_periods").dropped(READ_ONLY).help("The number of periods to charge in advance."),
                            decimal("cancel_penalty").help("The cancellation penalty fee."),
                            integer("charge_model").oneOf("0", "1", "2").dropped(READ_ONLY)
                                    .help("Indicates how subscription charges are applied: 0 progressively, 1 at the end of the billing period, 2 in advance."),
                            string("description").maxLength(255).freeText().help("The subscription plan description."),
                            decimal("effective_fee").help("The effective subscription fee for the current billing period."),
                            string("generate_daily_charge").oneOf("Y", "N")
                                    .help("Indicates whether to generate daily charges (Y) or keep the total charge only (N)."),
                            integer("i_product").help("The unique ID of the product record."),
                            integer("i_product_subscription").help("The unique ID of the product subscription record."),
                            integer("i_subscription").help("The ID of the subscription plan."),
                            string("invoice_description").help("The subscription plan name visible to end users on invoices."),
                            string("iso_4217").dropped(FIXED_AFTER_CREATION).help("The ISO 4217 code of the currency for the subscription plan."),
                            integer("minimum_period").help("The minimum subscription period in months."),
                            objectList("multi_month_discount_list",
                                    decimal("discount_fee").help("The fee with applied discount for the number of months."),
                                    integer("i_subscription").help("The unique ID of the Subscription Plan record."),
                                    integer("i_subscription_discount").help("The unique ID of the Subscription Discount record."),
                                    integer("number_of_months").help("The number of months covered by the discount."),
                                    decimal("percent").help("The percentage of the discount for percentage discount type."),
                                    decimal("rate").help("The amount of the discount for fixed amount discount type."),
                                    decimal("standard_fee").help("The standard fee for the number of months."))
                                    .help("Specifies multi-month discounts for subscriptions charged in advance."),
                            integer("multiple").dropped(READ_ONLY)
                                    .help("Indicates whether the subscription can be assigned multiple times to one account."),
                            string("name").help("The name of the subscription plan."),
                            json("periodic_fees")
                                    .help("The list of periodic fees for the subscription plan: a list of lists of objects with fee, i_billing_period, i_subscription, i_subscription_fee and periods."),
                            integer("rounding").range(1, 5).help("Defines the number of decimal places for rounding charged amounts."))
                            .help("The product subscription info."),
                    string("realm").dropped("cannot be changed for saved products.")
                            .help("The custom string used to impose a scope of uniqueness for account IDs."),
                    serviceFeatures("The set of service feature configuration options within the product."),
                    string("service_flag_locks").help("Specifies whether service feature values can be changed by an administrator or end user."),
                    string("shared").help("Indicates whether the product can be shared with resellers."),
                    objectList("subscription_discount_list",
                            decimal("discount_fee").help("The discount fee for the prepaid plan."),
                            integer("i_subscription").help("The unique ID of the subscription plan record."),
                            integer("i_subscription_discount").help("The unique ID of the subscription discount record."),
                            integer("number_of_months").help("The number of billing periods for the prepaid plan."),
                            decimal("percent").help("The percentage of the discount for percentage discount type."),
                            decimal("rate").help("The amount of the discount for fixed amount discount type."),
                            decimal("standard_fee").dropped(READ_ONLY).help("The standard fee for periods without a discount."))
                            .help("The discount list to encourage multi-month payments."),
                    string("topup_addon").oneOf("Y", "N").help("Indicates whether the add-on product has a volume discount plan with discounts."),
                    string("volume_discount_plan_name").dropped(READ_ONLY).help("The name of the associated volume discount plan."))
                    .keyedSet("i_product")
                    .help("The list of account's add-on products."),
            objectList("aux_fields",
                    string("name").help("The name of the additional data field."),
                    string("value").help("The value of the additional data field."))
                    .help("The data for the account's additional fields."),
            string("baddr1").help("The 1st line of the account owner's address."),
            string("batch_name").help("The batch name to which the account belongs."),
            string("bcc").orEmpty().unstated(EMAIL + "(\\s*,\\s*" + EMAIL + ")*", "Usually one or more email addresses, comma-separated")
                    .help("The BCC email address(es) for blind carbon copy."),
            string("bill_status").oneOf("O", "I", "C")
                    .refused("cannot be set by update_account; use terminate_account to terminate the account.")
                    .help("The status of the account: O open, I inactive, C terminated."),
            integer("billing_model").oneOf("-1", "0", "1", "2", "4").refused(FIXED_AFTER_CREATION)
                    .help("The account type: -1 debit account, 0 recharge voucher, 1 credit account, 2 alias, 4 beneficiary."),
            string("blocked").oneOf("Y", "N")
                    .help("Indicates whether calls and self-care access are blocked and SIP authorization is enabled.").example("N"),
            object("call_processing_mode_info",
                    dateTime("effective_from").dropped(READ_ONLY).help("The date and time the call processing mode became active."),
                    dateTime("effective_to").nullable().help("The date and time the call processing mode becomes inactive."),
                    integer("i_response_message").nullable().help("The ID of the voice response message."),
                    string("name").dropped(READ_ONLY).help("The operation mode name."),
                    string("response_message_name").dropped(READ_ONLY).help("The response message name."),
                    integer("short_code").nullable().help("The ID of the operation mode, used as DTMF code to activate the mode."),
                    string("sticky").oneOf("Y", "N").dropped(READ_ONLY)
                            .help("Indicates whether the mode can be changed on bulk mode switch: Y preserved, N changed."))
                    .help("Information about the account's active call processing mode."),
            string("city").help("The city of the account owner's address."),
            string("companyname").help("The account owner's company name."),
            string("cont1").help("The main contact person."),
            string("cont2").help("The alternative contact person."),
            integer("control_number").refused(FIXED_AFTER_CREATION).help("The sequential number of the account in the batch."),
            string("country").orEmpty().pattern("[A-Za-z]{2}", "Two letters (ISO 3166-1 alpha-2).")
                    .unstated(KNOWN_COUNTRY, "Usually a code the JDK knows, in capitals, such as DE")
                    .help("The country code in ISO 3166-1 alpha-2 format.").example("DE"),
            decimal("credit_limit").nullable().help("The account's credit limit value.").example("150.5"),
            string("ecommerce_enabled").oneOf("Y", "N").help("Indicates whether e-commerce is enabled for recharging the account's balance."),
            string("email").orEmpty().unstated(EMAIL, EMAIL_WORDS).help("The email address associated with the account.").example("noc@example.com"),
            date("expiration_date").nullable().help("The date from which the account becomes unusable.").example("2027-01-31"),
            string("faxnum").help("The account owner's fax number."),
            string("firstname").help("The account owner's first name.").example("Ada"),
            string("h323_password").secret().help("The VoIP password for authenticating calls."),
            integer("i_account").refused("the account to update is the I_ACCOUNT argument; it cannot change.")
                    .help("The unique ID of the account."),
            integer("i_account_balance_control_type").oneOf("1", "2", "3")
                    .help("The ID of the account's balance control type: 1 undefined, 2 individual credit limit, 3 subordinate."),
            integer("i_account_role").oneOf("1", "2", "3", "4", "5", "6", "7", "8", "9")
                    .help("The ID of the account role: 1 Universal, 2 Phone line, 3 Auto attendant, 4 Prepaid card, 5 PINless, 6 IPv4 address, 7 User@domain, 8 Mobile, 9 Voucher."),
            integer("i_acl").help("The ID for the account's access level."),
            integer("i_batch").help("The ID of the batch to which the account belongs."),
            integer("i_customer").refused(FIXED_AFTER_CREATION).help("The ID of the customer record to which the account belongs."),
            integer("i_customer_site").help("The ID of the customer site the account belongs to."),
            integer("i_distributor").help("The unique ID of the distributor associated with the account."),
            string("i_lang").help("The code for the account's web language, such as en, ru or es."),
            integer("i_master_account").refused("can only be updated by the system.")
                    .help("The ID of the beneficiary account for alias or sponsor accounts."),
            // "If the main product is changed and the list of add-on products is not provided, existing add-on products will be removed."
            integer("i_product").clears("assigned_addons").help("The ID for the account's product.").example("604"),
            integer("i_role").help("The ID of the account's access role."),
            integer("i_time_zone").help("The ID for the account's time zone."),
            integer("i_vd_plan").help("The ID for the account's discount plan."),
            // The PIN, not the account: --id beside the I_ACCOUNT argument read as "the account's id", so its flag says what it is.
            string("id").maxLength(64).flag("--account-id").deprecatedAlias("--id", "it sets the account's PIN (the id field), not the account"
                            + " to update, which is the I_ACCOUNT argument; use --account-id")
                    .flagNote("changes the account's PIN (id), what it logs in and is found by; the account updated is the I_ACCOUNT argument")
                    .recordNote("changes the account's PIN (id), what it logs in and is found by; the account a record updates is its i_account")
                    .help("The unique ID (PIN) of the account, such as the phone number it logs in with; changing it changes the PIN."
                            + " The account to update is the I_ACCOUNT argument.").example("12345"),
            string("in_date_format").help("The input date format for the self-care interface."),
            string("in_time_format").help("The input time format for the self-care interface."),
            integer("inactivity_expire_time").nullable().help("The period of account availability after last use."),
            objectList("included_services",
                    string("default").oneOf("Y", "N").help("Indicates whether the service belongs to the system's default set."),
                    string("dest_group_set_name").refused(READ_ONLY).help("The destination group set name."),
                    integer("i_dest_group_set").help("The ID of the destination group set."),
                    integer("i_service").help("The unique ID of the service record."),
                    integer("i_service_type").oneOf("0", "2", "3", "5", "6", "7", "8", "9", "10", "14", "15", "16", "17", "18", "19")
                            .help("The unique ID of the related service type: 0 Internal, 2 Session based, 3 Voice calls, 5 Data service, 6 Internet access, 7 Quantity based, 8 Wi-Fi, 9 Dial-up internet, 10 Messaging service, 14 Conferencing, 15 DID, 16 IPTV, 17 Measured service, 18 Service pool, 19 Mobile network provisioning."),
                    integer("i_st_charge_unit").help("The ID of the service type charge unit."),
                    integer("i_tax_transaction_code").help("The ID of the tax transaction code for calculating taxes."),
                    string("internal").oneOf("Y", "N").help("Indicates whether the service is for internal usage."),
                    integer("is_used").help("Indicates whether the service is used."),
                    string("name").help("The service name shown on the administrator interface."),
                    string("rate_unit").maxLength(16).help("The customer-visible name for the units used to calculate charges."),
                    string("rating_base").refused(READ_ONLY).help("The billing attribute based on the service type."),
                    integer("ratio").help("The base ratio defining how many base units make up one billing unit."),
                    objectList("service_pool_combination_list",
                            string("dg_name").refused(READ_ONLY).help("The destination group name."),
                            integer("i_dest_group").help("The ID of the destination group."),
                            integer("i_service").help("The ID of the service."),
                            integer("pooled_ratio").refused(INHERITED_FROM_SERVICE).help("The ratio for pooled units."),
                            string("pooled_unit").refused(INHERITED_FROM_SERVICE).help("The pooled unit."),
                            string("pooled_unit_ratio").help("The ratio for pooled units."),
                            string("service_name").refused(INHERITED_FROM_SERVICE).help("The service name."),
                            integer("unit_ratio").help("The ratio for service pool units."))
                            .help("The list of combinations for pool services."),
                    string("unit").refused("cannot be changed.").help("The base units for measuring service consumption."),
                    string("usage_rating").oneOf("Y", "N").help("Indicates whether the service is charged according to a rating plan."))
                    .dropped("only in get responses; update_account ignores it.")
                    .help("The list of services available for the account."),
            // Not in the page's table (only on add-ons there), but NOTES.md: the account's currency is fixed at creation.
            string("iso_4217").refused(FIXED_AFTER_CREATION).help("The ISO 4217 code of the account's currency."),
            string("lastname").help("The account owner's last name."),
            integer("life_time").nullable().help("The availability period after the first use of the account in days."),
            string("login").orEmpty().length(4, 64).pattern("[A-Za-z0-9@._-]+", "Digits, letters, @, -, _ and . only.")
                    .help("The user login for the self-care web interface.").example("ada_l"),
            string("midinit").maxLength(25).help("The account owner's middle initial(s)."),
            string("note").maxLength(100).help("A short note about the account's contact details."),
            string("notepad").freeText().help("Notes about the account owner."),
            decimal("opening_balance").help("The initial balance of the account."),
            string("out_date_format").help("The format for the output date on the self-care interface."),
            string("out_date_time_format").help("The format for the output date and time on the self-care interface."),
            string("out_time_format").help("The format for the output time on the self-care interface."),
            string("password").orEmpty().minLength(6).check(LETTER_AND_DIGIT, "At least one letter and one digit.").secret()
                    .help("The user password for the self-care web interface."),
            string("phone1").help("The main phone number to contact the end user."),
            string("phone2").help("The alternative phone number."),
            string("redirect_number").help("The number sent back to the IVR in an authorization confirmation, e.g., redirect to a technical support number."),
            string("salutation").help("The account owner's salutation."),
            serviceFeatures("The list of service features."),
            object("sim_card_info",
                    string("amf").orEmpty().pattern("[0-9A-Fa-f]{4}", "4 hexadecimal digits.").help("The Authentication Management Field."),
                    string("auth_key").orEmpty().check(HEX_32_KEY, "32 hexadecimal digits.").secret().help("The Authentication Key."),
                    string("description").freeText().help("The SIM card description."),
                    string("hlr").help("The name of the Home Location Register database."),
                    integer("i_account").nullable().help("The unique ID of the account record to which the SIM card belongs."),
                    integer("i_sim_card").nullable().help("The ID of the SIM card record."),
                    string("iccid").orEmpty().pattern("[0-9]{18,22}", "18 to 22 digits.").help("The Integrated Circuit Card ID."),
                    string("imsi").orEmpty().pattern("[0-9]{6,15}", "6 to 15 digits.").help("The International Mobile Subscriber Identity."),
                    integer("is_used").oneOf("1", "0").help("Indicates whether the SIM card is in use: 1 in use, 0 available."),
                    integer("managed_by").nullable().help("The ID of the reseller who manages the SIM card."),
                    string("msisdn").orEmpty().pattern("[0-9]{1,15}", "Up to 15 digits.").help("The Mobile Subscriber Integrated Services Digital Number."),
                    string("notepad").freeText().help("Comments regarding the SIM card."),
                    string("opc_key").orEmpty().check(HEX_32_KEY, "32 hexadecimal digits.").secret().help("The operator key stored on the SIM card."))
                    .help("Information about a SIM card."),
            string("state").help("The province or state where the account owner lives."),
            string("subscriber_email").orEmpty().unstated(EMAIL, EMAIL_WORDS).help("The subscriber's email address."),
            integer("ua_profile_id").help("The ID for the IP phone profile assigned to the account."),
            object("voucher_info",
                    string("id").help("The unique ID of the voucher."))
                    .help("Information about the voucher used to recharge the account."),
            string("zip").orEmpty().length(2, 10).pattern("[A-Za-z0-9 -]+", "Letters, digits, spaces and dashes.")
                    .help("The postal (zip) code.").example("10115"),
            // Not a member of account_info: it goes beside it in params (the client puts it there).
            integer("release_assigned_did").oneOf("0", "1").requestOption()
                    .help("Whether a previously assigned DID number goes back to the pool: 0 keeps it, 1 releases it (the vendor's default)."
                            + " Sent beside account_info in params."));

    /** Fields of the catalog that go beside {@code account_info} in {@code params}, not inside it. */
    static final Set<String> BESIDE_ACCOUNT_INFO = Set.of("release_assigned_did");

    /** How a {@code -f} document names a parameter beside account_info that the catalog does not know: "params.NAME". */
    static final String PARAMS_PREFIX = "params.";

    /**
     * Service features, the same shape on the account and on each add-on. The page marks an
     * attribute's name read-only; it stays writable here because it says which attribute the
     * values are for (an attribute cannot be renamed, only addressed). The server merges the list
     * by name (a feature not sent is left as it is); a feature's attributes go whole.
     */
    private static Field.Builder serviceFeatures(String help) {
        return objectList("service_features",
                objectList("attributes",
                        stringList("effective_values").dropped(INHERITED).help("The list of service feature attribute values."),
                        string("name").help("The service feature attribute's internal name: which attribute the values are for."),
                        stringList("values").help("The values of the service attribute."))
                        .keyedSet("name")
                        .help("The list of service feature attributes."),
                integer("defined").help("Indicates whether the service feature is defined on the object's service features level."),
                string("effective_flag_value").dropped(INHERITED).help("The actual service feature flag value."),
                string("flag_value").help("The state of the corresponding service feature."),
                integer("locked").help("Indicates whether the feature is locked for editing."),
                stringList("locks").help("The list of user types who cannot change service features."),
                string("name").help("The service feature name."))
                .mergedBy("name")
                .help(help);
    }
}
