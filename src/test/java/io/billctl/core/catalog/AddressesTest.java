package io.billctl.core.catalog;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What the catalog takes as an IP address: every written form of IPv4 and IPv6, subnets where allowed, nothing else. */
class AddressesTest {
    @Test
    void takesEveryFormOfAnAddress() {
        for (String address : List.of("192.0.2.10", "0.0.0.0", "255.255.255.255", "010.1.1.1", "2001:db8::1", "::", "::1", "1::",
                "2001:0db8:0000:0000:0000:ff00:0042:8329", "2001:DB8:0:0:0:FF00:42:8329", "fe80::1:2:3:4", "1:2:3:4:5:6:7::",
                "::1:2:3:4:5:6:7", "::ffff:192.0.2.1", "64:ff9b::192.0.2.33", "1:2:3:4:5:6:1.2.3.4")) {
            assertTrue(Addresses.valid(address, false), address);
            assertTrue(Addresses.valid(address, true), address);
        }
    }

    @Test
    void refusesWhatIsNotOne() {
        for (String text : List.of("300.1.1.1", "1.2.3", "1.2.3.4.5", "1.2.3.", "1..2.3", "1.2.3.-4", "1.2.3.4 ", " 1.2.3.4", "0x7f.0.0.1",
                "1234.1.1.1", "host.example.com", "", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "1::2::3", ":::", "1:::2", ":1::", "::1:",
                "12345::1", "g::1", "::ffff:300.1.1.1", "1:2:3:4:5:6:7:1.2.3.4", "::1.2.3.4:5", "fe80::1%eth0", "1.2.3.4:5060",
                "\u0661.2.3.4", "[::1]")) {
            assertFalse(Addresses.valid(text, true), text);
        }
    }

    @Test
    void subnetsOnlyWhereAllowed() {
        for (String subnet : List.of("192.0.2.0/24", "10.0.0.0/8", "0.0.0.0/0", "1.2.3.4/32", "2001:db8::/32", "::/0", "::1/128")) {
            assertTrue(Addresses.valid(subnet, true), subnet);
            assertFalse(Addresses.valid(subnet, false), subnet);
        }
        for (String wrong : List.of("1.2.3.4/33", "2001:db8::/129", "1.2.3.4/", "1.2.3.4/a", "1.2.3.4/24/8", "1.2.3.4/0024", "300.0.0.0/8")) {
            assertFalse(Addresses.valid(wrong, true), wrong);
        }
    }
}
