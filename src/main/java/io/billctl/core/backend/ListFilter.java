package io.billctl.core.backend;

/**
 * A filter a vendor's list call takes, offered as an option of {@code list}: {@code --customer 7}
 * sends the vendor's {@code parameter} (PortaBilling's {@code i_customer}) with the value given.
 *
 * @param flag        the option, {@code --customer}
 * @param parameter   the vendor's filter, {@code i_customer}
 * @param label       the value's placeholder in help, {@code I_CUSTOMER}
 * @param description its help
 */
public record ListFilter(String flag, String parameter, String label, String description) {}
