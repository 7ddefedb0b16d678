package io.billctl.core.catalog;

import static io.billctl.core.catalog.Field.string;
import static io.billctl.core.catalog.Field.stringList;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.billctl.core.BillctlException;
import io.billctl.core.ExitCode;
import io.billctl.core.Json;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** "Required when" judged on the account: when a read is needed, what is refused, what is only warned about. */
class StateRulesTest {
    private static final Catalog CATALOG = Catalog.of("test", List.of(),
            string("mode").oneOf("ip", "ani"),
            string("ani").requiredWhen("mode", "ani").nullable(),
            stringList("ips").requiredWhen("mode", "ip"),
            string("name"));

    private static ObjectNode json(String text) {
        try {
            return (ObjectNode) Json.parse(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** A read that counts its calls and answers {@code account}, or fails when it is null. */
    private static final class Read implements Supplier<ObjectNode> {
        final AtomicInteger calls = new AtomicInteger();
        final String account;

        Read(String account) {
            this.account = account;
        }

        @Override
        public ObjectNode get() {
            calls.incrementAndGet();
            if (account == null) throw new BillctlException(ExitCode.UNAVAILABLE, "the read failed");
            return json(account);
        }
    }

    @Test
    void onlyAnUpdateThatLeavesARuleToTheAccountNeedsIt() {
        assertTrue(StateRules.needsAccount(CATALOG, json("{\"mode\":\"ani\"}")), "the condition without its field");
        assertTrue(StateRules.needsAccount(CATALOG, json("{\"ani\":null}")), "the field emptied without the condition");
        assertTrue(StateRules.needsAccount(CATALOG, json("{\"ips\":[]}")));
        assertFalse(StateRules.needsAccount(CATALOG, json("{\"mode\":\"ani\",\"ani\":\"4420\"}")), "the update settles it");
        assertFalse(StateRules.needsAccount(CATALOG, json("{\"mode\":\"ani\",\"ani\":\"\"}")), "the validator's: certain from the request");
        assertFalse(StateRules.needsAccount(CATALOG, json("{\"mode\":\"ip\",\"ips\":[\"192.0.2.1\"],\"ani\":null}")), "another condition turns the ani rule off");
        assertFalse(StateRules.needsAccount(CATALOG, json("{\"name\":\"x\",\"ani\":\"4420\"}")));
    }

    @Test
    void anUpdateThatNeedsNoAccountReadsNothing() {
        Read read = new Read("{}");
        assertEquals(List.of(), StateRules.judge(CATALOG, "7", json("{\"name\":\"x\"}"), read));
        assertEquals(0, read.calls.get());
    }

    @Test
    void aMergedAccountThatBreaksTheRuleIsAWarningThatTheServerWillRefuse() {
        // Not a refusal: the server says it in its own words, and an account changed since the read is not refused by a stale one.
        assertEquals(List.of(), StateRules.judge(CATALOG, "7", json("{\"mode\":\"ip\"}"), new Read("{\"mode\":\"ani\",\"ips\":[\"192.0.2.1\"]}")));
        assertEquals(List.of("ips is required when mode is ip, and account 7 has none: the server will refuse this (give --ips in the same update)"),
                StateRules.judge(CATALOG, "7", json("{\"mode\":\"ip\"}"), new Read("{\"mode\":\"ani\",\"ips\":[]}")));
        assertEquals(List.of("ani is required when mode is ani, and account 7's mode is ani: the server will refuse this "
                + "(set another mode in the same update, or keep ani)"),
                StateRules.judge(CATALOG, "7", json("{\"ani\":null}"), new Read("{\"mode\":\"ani\",\"ani\":\"4420\"}")));
        assertEquals(List.of(), StateRules.judge(CATALOG, "7", json("{\"ani\":null}"), new Read("{\"mode\":\"ip\",\"ani\":\"4420\"}")));
    }

    @Test
    void whatCannotBeJudgedIsAWarningAndTheUpdateGoesOut() {
        assertEquals(List.of("ips is required when mode is ip; the server will refuse this if the account has no ips (billctl could not read account 7: "
                + "the read failed)"), StateRules.judge(CATALOG, "7", json("{\"mode\":\"ip\"}"), new Read(null)));
        assertEquals(List.of("ips is required when mode is ip; the server will refuse this if the account has no ips (account 7 as read shows no ips)"),
                StateRules.judge(CATALOG, "7", json("{\"mode\":\"ip\"}"), new Read("{\"mode\":\"ani\"}")));
        assertEquals(List.of("ani is required when mode is ani; the server will refuse this if the account has mode ani (account 7 as read shows no mode)"),
                StateRules.judge(CATALOG, "7", json("{\"ani\":\"\"}"), new Read("{}")));
    }

    @Test
    void anInterruptedReadStopsTheUpdate() {
        Supplier<ObjectNode> interrupted = () -> {
            throw new BillctlException(ExitCode.INTERRUPTED, "interrupted");
        };
        assertEquals(ExitCode.INTERRUPTED, assertThrows(BillctlException.class,
                () -> StateRules.judge(CATALOG, "7", json("{\"mode\":\"ip\"}"), interrupted)).exitCode());
    }
}
