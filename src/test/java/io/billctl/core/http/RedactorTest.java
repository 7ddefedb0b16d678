package io.billctl.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.billctl.core.Json;
import org.junit.jupiter.api.Test;

class RedactorTest {
    private final Redactor redactor = new Redactor();

    @Test
    void masksSecretHeadersByName() {
        assertEquals("****", redactor.header("X-Api-Key", "k"));
        assertEquals("****", redactor.header("authorization", "JWT abc"));
        assertEquals("application/json", redactor.header("Content-Type", "application/json"));
    }

    @Test
    void masksSecretKeysAtAnyDepthOfJson() throws Exception {
        assertEquals("{\"name\":\"n\",\"password\":\"****\",\"params\":{\"login\":\"u\",\"token\":\"****\"},\"list\":[{\"access_token\":\"****\"}],\"refresh_token\":null}",
                redactor.body("application/json", "{\"name\":\"n\",\"password\":\"p\",\"params\":{\"login\":\"u\",\"token\":\"t\"},\"list\":[{\"access_token\":\"a\"}],\"refresh_token\":null}"));
        redactor.addSecretKey("h323_pin");
        assertEquals(Json.parse("{\"h323_pin\":\"****\"}"), redactor.json(Json.parse("{\"h323_pin\":\"1234\"}")));
    }

    @Test
    void masksSecretFormParametersWhicheverSeparator() {
        assertEquals("auth_username=u&auth_password=****&id=1", redactor.body("application/x-www-form-urlencoded", "auth_username=u&auth_password=p%26w&id=1"));
        assertEquals("auth_username=u;auth_password=****;id=1", redactor.form("auth_username=u;auth_password=secret;id=1"));
    }

    @Test
    void masksKnownValuesAnywhereAsALastDefence() {
        redactor.addSecretValue("s3cr3t/v@lue");
        assertEquals("key=**** and ****", redactor.text("key=s3cr3t/v@lue and s3cr3t%2Fv%40lue"));
        assertEquals("plain", redactor.body("text/plain", "plain"));
    }

    @Test
    void masksTheSecretInsideALongerBase64TextAtAnyAlignment() {
        String secret = "correct horse battery";
        redactor.addSecretValue(secret);
        for (String user : new String[] {"u", "us", "usr"}) {
            String basic = java.util.Base64.getEncoder().encodeToString((user + ":" + secret + "!").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            String masked = redactor.text("Authorization: Basic " + basic);
            assertEquals(true, masked.contains(Redactor.MASK), masked);
            assertEquals(false, masked.contains(basic.substring(8, 20)), masked);
        }
    }

    @Test
    void stackTracesMaskEveryMessageAndCause() {
        redactor.addSecretValue("t0p\"secret");
        Exception cause = new java.io.IOException("server said t0p\\\"secret");
        Exception error = new IllegalStateException("wrapped t0p\"secret", cause);
        error.addSuppressed(new RuntimeException("also t0p%22secret"));
        String trace = redactor.stackTrace(error);
        assertEquals(false, trace.contains("t0p"), trace);
        assertEquals(true, trace.contains("Caused by: java.io.IOException: server said ****"), trace);
        assertEquals(true, trace.contains("\tSuppressed: java.lang.RuntimeException: also ****"), trace);
        assertEquals(true, trace.contains("\tat io.billctl.core.http.RedactorTest"), trace);
    }

    /**
     * A password inside a longer base64 text ("user:password", as an Authorization header encodes it):
     * the groups it shares with the bytes around it are masked too, since each holds up to two of its
     * characters ("b3BzOlBh" is "ops:Pa").
     */
    @Test
    void aSecretInsideALongerBase64TextIsMaskedWithTheGroupsItShares() {
        String secret = "Pa$s&w<rd>'1 x/y";
        redactor.addSecretValue(secret);
        for (java.util.Base64.Encoder encoder : java.util.List.of(java.util.Base64.getEncoder(), java.util.Base64.getUrlEncoder())) {
            String encoded = encoder.encodeToString(("ops:" + secret + ":tail").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            // Bytes 4..19 are the secret: groups 1 (bytes 3..5) to 6 (bytes 18..20), characters 4 to 28.
            assertEquals(encoded.substring(0, 4) + "****" + encoded.substring(28), redactor.text("Basic " + encoded).substring(6), encoded);
        }
        String alone = java.util.Base64.getEncoder().encodeToString(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals("token **** end", redactor.text("token " + alone + " end"));
    }

    /** Percent-encoded as {@code %XX} for every byte, in small letters or capitals. */
    private static String everyByte(String secret, boolean lower, boolean mixed) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        for (byte b : secret.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            String hex = String.format("%02X", b & 0xFF);
            boolean small = mixed ? i++ % 2 == 0 : lower;
            out.append('%').append(small ? hex.toLowerCase(java.util.Locale.ROOT) : hex);
        }
        return out.toString();
    }

    /**
     * A server may percent-encode in small letters, capitals or both, every byte or only some, and twice
     * over: each was shown as it came (only Java's, Python's and JavaScript's encoders' forms were known).
     */
    @Test
    void percentEncodingInAnyCaseOfAnyByteAndTwiceIsMasked() {
        String secret = "Pa$s/w+rd \u00e9t\u00e9";
        redactor.addSecretValue(secret);
        String plus = java.net.URLEncoder.encode(secret, java.nio.charset.StandardCharsets.UTF_8);
        java.util.List<String> encoded = java.util.List.of(
                everyByte(secret, true, false),
                everyByte(secret, false, false),
                everyByte(secret, false, true),
                "Pa%24s/w%2brd%20%c3%A9t%C3%a9", // some bytes only, mixed case
                "Pa$s%2Fw%2Brd+%C3%A9t%C3%A9", // form-encoded: a space as +
                java.net.URLEncoder.encode(plus, java.nio.charset.StandardCharsets.UTF_8), // twice: %252B
                java.net.URLEncoder.encode(plus, java.nio.charset.StandardCharsets.UTF_8).toLowerCase(java.util.Locale.ROOT).replace("pa", "Pa"),
                java.net.URLEncoder.encode(everyByte(secret, true, false), java.nio.charset.StandardCharsets.UTF_8));
        for (String form : encoded) {
            assertEquals("token=****&next=1", redactor.text("token=" + form + "&next=1"), form);
            assertEquals("{\"said\":\"bad ****\"}", redactor.body("application/json", "{\"said\":\"bad " + form + "\"}"), form);
        }
        // Text that only looks encoded stays as it is.
        assertEquals("100% sure, C:\\temp, %zz and %C3 alone", redactor.text("100% sure, C:\\temp, %zz and %C3 alone"));
    }

    /** An excerpt of a JSON body whose server wrote plain letters as \\u escapes (in either case): shown as it came. */
    @Test
    void jsonEscapesOfPlainLettersAreMasked() {
        String secret = "hunter2Secret\"qz";
        redactor.addSecretValue(secret);
        String escaped = "\\u0068unter2\\u0053\\u0065cret\\\"q\\u007a";
        String excerpt = "{\"error\":{\"message\":\"password " + escaped + " refused\"}}";
        assertEquals("{\"error\":{\"message\":\"password **** refused\"}}", redactor.text(excerpt));
        assertEquals("{\"error\":{\"message\":\"password **** refused\"}}", redactor.text(excerpt.replace("\\u007a", "\\u007A")));
        // Its escapes percent-encoded (a JSON body sent as a form's value), and a JSON string of it escaped again.
        assertEquals("p=****", redactor.text("p=" + escaped.replace("\\", "%5c")));
        assertEquals("****", redactor.text(escaped.replace("\\", "\\\\")));
        // Cut short inside it, or inside an escape: nothing of it is left at the end.
        for (int cut = 1; cut < escaped.length(); cut++) {
            String start = "message: " + escaped.substring(0, cut);
            assertEquals("message: ", redactor.cutText(start), start);
        }
        String lower = everyByte(secret, true, false);
        for (int cut = 1; cut < lower.length(); cut++) assertEquals("x=", redactor.cutText("x=" + lower.substring(0, cut)), lower.substring(0, cut));
    }

    /** The common case costs no copy: a text with no secret in it is the same string, a % or a backslash in it or not. */
    @Test
    void aTextWithoutASecretIsReturnedAsItIs() {
        redactor.addSecretValue("hunter2Secret");
        for (String text : new String[] {"plain", "50% off", "C:\\dir\\hunter", "h%75nter2", "hunter2Secre", "\\u0068unter2Secre"}) {
            org.junit.jupiter.api.Assertions.assertSame(text, redactor.text(text), text);
        }
    }

    /**
     * A batch record's secrets are held while it is in flight, then forgotten: a million records' passwords
     * are never all kept. One kept for the run, or held by another record, stays masked.
     */
    @Test
    void heldSecretsAreMaskedUntilReleased() {
        redactor.addSecretValue("KeptForTheRun1");
        Redactor.Held first = redactor.hold(java.util.List.of("HeldByOne11", "HeldByBoth22", "KeptForTheRun1"));
        Redactor.Held second = redactor.hold(java.util.List.of("HeldByBoth22"));
        assertEquals("**** **** ****", redactor.text("HeldByOne11 HeldByBoth22 KeptForTheRun1"));
        assertEquals("x=****", redactor.text("x=HeldByOne%311"));
        first.close();
        first.close();
        assertEquals("HeldByOne11 **** ****", redactor.text("HeldByOne11 HeldByBoth22 KeptForTheRun1"));
        second.close();
        assertEquals("HeldByOne11 HeldByBoth22 ****", redactor.text("HeldByOne11 HeldByBoth22 KeptForTheRun1"));
        redactor.hold(java.util.List.of()).close();
    }
}
