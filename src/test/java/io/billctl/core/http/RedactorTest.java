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
}
