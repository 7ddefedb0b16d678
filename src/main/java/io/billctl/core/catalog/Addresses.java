package io.billctl.core.catalog;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The catalog's check for a field the vendor documents as an IP address: an IPv4 dotted quad
 * (four numbers 0..255), or an IPv6 address in any of its written forms (eight groups of up to four
 * hex digits, one {@code ::} for a run of zero groups, an IPv4 address as its last 32 bits:
 * {@code 2001:db8::1}, {@code ::}, {@code ::ffff:192.0.2.1}), and where {@code subnets} says so a
 * subnet in CIDR form ({@code 192.0.2.0/24}, {@code 2001:db8::/32}). Parsed by hand: never a name
 * lookup, and nothing else a server could not take (no zone index, no port, no hex or octal IPv4).
 */
public final class Addresses {
    private Addresses() {}

    /** A {@link Field.Check}: the problem with one value, or null. */
    public static Field.Check check(boolean subnets) {
        return subnets ? Addresses::problemWithSubnets : Addresses::problemAddressOnly;
    }

    /**
     * The same as a rule the vendor does not state ({@link Field.Builder#usuallyIpAddress}): a value, or
     * each of a list's, that is not an address, for a warning; null when every one is.
     */
    public static Field.Check usually(boolean subnets) {
        return value -> {
            java.util.List<String> odd = new java.util.ArrayList<>();
            for (JsonNode each : value.isArray() ? value : java.util.List.of(value)) {
                if (each.isTextual() && !each.textValue().isEmpty() && !valid(each.textValue(), subnets)) odd.add(each.textValue());
            }
            if (odd.isEmpty()) return null;
            String more = odd.size() > 1 ? " (and " + (odd.size() - 1) + " more)" : "";
            return "\"" + odd.get(0) + "\"" + more + " is not an IPv4 or IPv6 address" + (subnets ? " (or a subnet such as 192.0.2.0/24)" : "");
        };
    }

    /** The unstated rule in words, for help. */
    public static String usualRule(boolean subnets) {
        return subnets ? "Usually each an IPv4 or IPv6 address, or a subnet in CIDR form (192.0.2.0/24)" : "Usually each an IPv4 or IPv6 address";
    }

    /** The rule in words, for help. */
    public static String rule(boolean subnets) {
        return subnets ? "Each an IPv4 or IPv6 address, or a subnet in CIDR form (192.0.2.0/24)." : "Each an IPv4 or IPv6 address.";
    }

    private static String problemWithSubnets(JsonNode value) {
        return problem(value, true);
    }

    private static String problemAddressOnly(JsonNode value) {
        return problem(value, false);
    }

    private static String problem(JsonNode value, boolean subnets) {
        if (!value.isTextual()) return null; // the type's own check says what is wrong
        String text = value.textValue();
        if (valid(text, subnets)) return null;
        return "\"" + text + "\" is not an IPv4 or IPv6 address" + (subnets ? " (or a subnet such as 192.0.2.0/24)" : "");
    }

    /** Whether {@code text} is an address (or, with {@code subnets}, a subnet in CIDR form). */
    public static boolean valid(String text, boolean subnets) {
        int slash = text.indexOf('/');
        if (slash >= 0) {
            if (!subnets) return false;
            String address = text.substring(0, slash);
            String prefix = text.substring(slash + 1);
            if (ipv4(address)) return prefix(prefix, 32);
            return ipv6(address) && prefix(prefix, 128);
        }
        return ipv4(text) || ipv6(text);
    }

    private static boolean prefix(String text, int max) {
        if (text.isEmpty() || text.length() > 3) return false;
        for (int i = 0; i < text.length(); i++) if (!isDigit(text.charAt(i))) return false;
        return Integer.parseInt(text) <= max;
    }

    /** Four decimal numbers 0..255 of one to three digits, separated by dots. */
    static boolean ipv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) return false;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3) return false;
            for (int i = 0; i < part.length(); i++) if (!isDigit(part.charAt(i))) return false;
            if (Integer.parseInt(part) > 255) return false;
        }
        return true;
    }

    /** RFC 4291 section 2.2: eight groups, or fewer around one "::", the last 32 bits possibly as an IPv4 address. */
    static boolean ipv6(String text) {
        if (text.length() < 2 || text.length() > 45) return false;
        int gap = text.indexOf("::");
        if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) return false; // at most one ::
        String head = gap >= 0 ? text.substring(0, gap) : text;
        String tail = gap >= 0 ? text.substring(gap + 2) : "";
        int groups = 0;
        if (!head.isEmpty()) {
            int counted = groups(head, gap < 0);
            if (counted < 0) return false;
            groups += counted;
        }
        if (!tail.isEmpty()) {
            int counted = groups(tail, true);
            if (counted < 0) return false;
            groups += counted;
        }
        return gap >= 0 ? groups <= 7 : groups == 8;
    }

    /** How many 16-bit groups {@code part} ("a:b:c", possibly ending in an IPv4 address where {@code last}) holds; -1 when malformed. */
    private static int groups(String part, boolean last) {
        String[] fields = part.split(":", -1);
        int groups = 0;
        for (int i = 0; i < fields.length; i++) {
            String field = fields[i];
            if (last && i == fields.length - 1 && field.indexOf('.') >= 0) {
                if (!ipv4(field)) return -1;
                groups += 2;
                continue;
            }
            if (field.isEmpty() || field.length() > 4) return -1;
            for (int c = 0; c < field.length(); c++) if (!isHex(field.charAt(c))) return -1;
            groups++;
        }
        return groups;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isHex(char c) {
        return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }
}
