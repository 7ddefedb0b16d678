package io.billctl.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.billctl.core.BillctlException;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FaultPlanTest {
    @Test
    void countsFailTheNextRequestsThenStop() {
        FaultPlan plan = FaultPlan.parse("error=2x,status=503");
        assertEquals(FaultPlan.Fault.ERROR, plan.next());
        assertEquals(FaultPlan.Fault.ERROR, plan.next());
        assertEquals(FaultPlan.Fault.NONE, plan.next());
        assertEquals(503, plan.errorStatus());
    }

    @Test
    void ratesAreRoughlyHonouredAndRepeatableWithASeed() {
        FaultPlan plan = FaultPlan.parse("error=0.1,drop=0.05,throttle=0.05,seed=7");
        Map<FaultPlan.Fault, Integer> seen = new EnumMap<>(FaultPlan.Fault.class);
        for (int i = 0; i < 10_000; i++) seen.merge(plan.next(), 1, Integer::sum);
        assertTrue(seen.get(FaultPlan.Fault.DROP) > 350 && seen.get(FaultPlan.Fault.DROP) < 650, seen.toString());
        assertTrue(seen.get(FaultPlan.Fault.ERROR) > 700 && seen.get(FaultPlan.Fault.ERROR) < 1100, seen.toString());
        FaultPlan again = FaultPlan.parse("error=0.1,drop=0.05,throttle=0.05,seed=7");
        Map<FaultPlan.Fault, Integer> repeat = new EnumMap<>(FaultPlan.Fault.class);
        for (int i = 0; i < 10_000; i++) repeat.merge(again.next(), 1, Integer::sum);
        assertEquals(seen, repeat);
    }

    @Test
    void latencyIsARangeInMilliseconds() {
        FaultPlan plan = FaultPlan.parse("latency=20-40ms");
        for (int i = 0; i < 100; i++) {
            long ms = plan.latencyMillis();
            assertTrue(ms >= 20 && ms <= 40, Long.toString(ms));
        }
        assertEquals(0, FaultPlan.NONE.latencyMillis());
    }

    @Test
    void nonsenseIsAUsageError() {
        for (String bad : new String[] {"error", "error=2", "error=abc", "status=200", "latency=5-1", "colour=red",
                // The audit's, accepted before: NaN compares false both ways, split dropped the empty parts, the last of two won.
                "error=NaN", "drop=-3x", "retry-after=-5", ",,,", "error=0.1,,drop=1x", "error=1x,error=2x"}) {
            BillctlException e = assertThrows(BillctlException.class, () -> FaultPlan.parse(bad), bad);
            assertEquals(2, e.exitCode());
        }
    }
}
