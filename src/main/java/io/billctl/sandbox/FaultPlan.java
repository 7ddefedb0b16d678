package io.billctl.sandbox;

import io.billctl.core.BillctlException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Faults the sandbox injects into API calls, written as a comma list:
 * {@code error=0.1} (a tenth of calls fail with {@code status}, 500 unless set),
 * {@code error=3x} (the next three fail), {@code status=503}, {@code throttle=0.05} (429 with
 * Retry-After of {@code retry-after} seconds, default 1), {@code drop=0.02} (the connection is
 * closed without an answer), {@code latency=50} or {@code latency=20-80} (milliseconds),
 * {@code meddle=0.1} or {@code meddle=3x} (an account being read is changed as another user would
 * change it: by default just before the read is answered, so the read sees the change, as an
 * update that expects the old value must; with {@code meddle-when=write}, just after, so that it
 * lands between the client's read and its write, the window no compare-then-set closes),
 * {@code meddle-field=credit_limit} (the field it changes; each emulator has its usual one),
 * {@code seed=42} (repeatable choices). An emulator's own switches ({@link PortabillingEmulator#SWITCHES}:
 * {@code token-fault=…}, {@code token-reset=…}, {@code login-expiry=…}, {@code deny=…}) are checked here and read
 * by that emulator.
 */
public final class FaultPlan {
    /** What to do with one request, decided before the emulator sees it. */
    public enum Fault { NONE, ERROR, THROTTLE, DROP }

    /** Switches an emulator reads itself: name -> the problem with a value, or null when it is good. */
    private static final Map<String, Function<String, String>> EMULATOR_SWITCHES = PortabillingEmulator.SWITCHES;

    public static final FaultPlan NONE = parse("");

    private final String spec;
    private final Rate error;
    private final Rate throttle;
    private final Rate drop;
    private final Rate meddle;
    private final String meddleField;
    private final boolean meddleAfterRead;
    private final int errorStatus;
    private final int retryAfterSeconds;
    private final int latencyMin;
    private final int latencyMax;
    private final Random random;
    private final Map<String, String> switches;

    private FaultPlan(String spec, Rate error, Rate throttle, Rate drop, Rate meddle, String meddleField, boolean meddleAfterRead, int errorStatus,
                      int retryAfterSeconds, int latencyMin, int latencyMax, Random random, Map<String, String> switches) {
        this.spec = spec;
        this.error = error;
        this.throttle = throttle;
        this.drop = drop;
        this.meddle = meddle;
        this.meddleField = meddleField;
        this.meddleAfterRead = meddleAfterRead;
        this.errorStatus = errorStatus;
        this.retryAfterSeconds = retryAfterSeconds;
        this.latencyMin = latencyMin;
        this.latencyMax = latencyMax;
        this.random = random;
        this.switches = Map.copyOf(switches);
    }

    public static FaultPlan parse(String spec) {
        String text = spec == null ? "" : spec.trim();
        Rate error = Rate.OFF, throttle = Rate.OFF, drop = Rate.OFF, meddle = Rate.OFF;
        String meddleField = null;
        boolean meddleAfterRead = false;
        int status = 500, retryAfter = 1, latencyMin = 0, latencyMax = 0;
        Long seed = null;
        Map<String, String> switches = new LinkedHashMap<>();
        java.util.Set<String> given = new java.util.HashSet<>();
        for (String part : text.isEmpty() ? new String[0] : text.split(",", -1)) {
            if (part.isBlank()) throw bad(part, "an empty fault (two commas, or one at an end)");
            int eq = part.indexOf('=');
            if (eq <= 0) throw bad(part, "expected NAME=VALUE");
            String name = part.substring(0, eq).trim();
            String value = part.substring(eq + 1).trim();
            if (!given.add(name)) throw bad(part, name + " is given twice");
            try {
                switch (name) {
                    case "error" -> error = Rate.parse(value);
                    case "throttle" -> throttle = Rate.parse(value);
                    case "drop" -> drop = Rate.parse(value);
                    case "meddle" -> meddle = Rate.parse(value);
                    case "meddle-field" -> {
                        if (value.isEmpty()) throw bad(part, "meddle-field names a field");
                        meddleField = value;
                    }
                    case "meddle-when" -> {
                        if (!value.equals("read") && !value.equals("write")) throw bad(part, "meddle-when is read (the read sees the change) or write");
                        meddleAfterRead = value.equals("write");
                    }
                    case "status" -> {
                        status = Integer.parseInt(value);
                        if (status < 400 || status > 599) throw bad(part, "status must be 400..599");
                    }
                    case "retry-after" -> {
                        retryAfter = Integer.parseInt(value);
                        if (retryAfter < 0) throw bad(part, "retry-after is 0 or more seconds");
                    }
                    case "latency" -> {
                        String ms = value.endsWith("ms") ? value.substring(0, value.length() - 2) : value;
                        String[] range = ms.split("-", 2);
                        latencyMin = Integer.parseInt(range[0].trim());
                        latencyMax = range.length == 2 ? Integer.parseInt(range[1].trim()) : latencyMin;
                        if (latencyMin < 0 || latencyMax < latencyMin) throw bad(part, "latency is MIN or MIN-MAX milliseconds");
                    }
                    case "seed" -> seed = Long.parseLong(value);
                    default -> {
                        Function<String, String> check = EMULATOR_SWITCHES.get(name);
                        if (check == null) {
                            throw bad(part, "known faults: error, status, throttle, retry-after, drop, latency, meddle, meddle-field, meddle-when, seed, "
                                    + String.join(", ", EMULATOR_SWITCHES.keySet()));
                        }
                        String problem = check.apply(value);
                        if (problem != null) throw bad(part, problem);
                        switches.put(name, value);
                    }
                }
            } catch (NumberFormatException e) {
                throw bad(part, "expected a number (a rate 0..1, a count such as 3x, or milliseconds)");
            }
        }
        return new FaultPlan(text, error, throttle, drop, meddle, meddleField, meddleAfterRead, status, retryAfter, latencyMin, latencyMax,
                seed == null ? new Random() : new Random(seed), switches);
    }

    private static BillctlException bad(String part, String why) {
        return BillctlException.usage("bad fault '" + part + "': " + why);
    }

    public String spec() {
        return spec;
    }

    /** An emulator's own switch, as given, or null. */
    public String option(String name) {
        return switches.get(name);
    }

    public int errorStatus() {
        return errorStatus;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public long latencyMillis() {
        if (latencyMax == 0) return 0;
        return latencyMin == latencyMax ? latencyMin : latencyMin + random.nextInt(latencyMax - latencyMin + 1);
    }

    /** Whether to change the account a read just answered for (the meddle fault). */
    public boolean meddles() {
        return meddle.fires(random);
    }

    /** The field the meddle fault changes; null for the emulator's usual one. */
    public String meddleField() {
        return meddleField;
    }

    /** Whether the meddle fault changes the account after the read was answered (the read does not see it). */
    public boolean meddlesAfterRead() {
        return meddleAfterRead;
    }

    public Fault next() {
        if (drop.fires(random)) return Fault.DROP;
        if (throttle.fires(random)) return Fault.THROTTLE;
        if (error.fires(random)) return Fault.ERROR;
        return Fault.NONE;
    }

    /** A probability, or a count of the next requests that fail ("3x"). */
    private record Rate(double probability, AtomicInteger remaining) {
        static final Rate OFF = new Rate(0, null);

        static Rate parse(String value) {
            if (value.endsWith("x")) {
                int count = Integer.parseInt(value.substring(0, value.length() - 1));
                if (count < 0) throw new NumberFormatException("a negative count");
                return new Rate(0, new AtomicInteger(count));
            }
            double p = Double.parseDouble(value);
            if (!(p >= 0 && p <= 1)) throw new NumberFormatException("rate out of 0..1"); // NaN too
            return new Rate(p, null);
        }

        boolean fires(Random random) {
            if (remaining != null) return remaining.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
            return probability > 0 && random.nextDouble() < probability;
        }
    }
}
