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
}
