package io.billctl.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.billctl.core.BillctlException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which proxy a request takes, read from the variables as curl reads them. */
class ProxiesTest {
    private static Proxies proxies(Map<String, String> vars, String flag) {
        return new Proxies(vars, flag, new Redactor());
    }

    @Test
    void theSchemePicksTheVariableAndTheLowerCaseFormComesFirst() {
        Proxies proxies = proxies(Map.of("HTTPS_PROXY", "http://secure:3128", "http_proxy", "plain.corp:8080", "HTTP_PROXY", "ignored:1"), null);
        assertEquals("secure", proxies.forTarget("https", "vcs.example.com", 443).host());
        assertEquals(3128, proxies.forTarget("https", "vcs.example.com", 443).port());
        Proxies.Proxy plain = proxies.forTarget("http", "vcs.example.com", 80);
        assertEquals("plain.corp", plain.host());
        assertEquals(8080, plain.port());
        assertEquals("http_proxy", plain.source());
        assertNull(proxies(Map.of("HTTP_PROXY", "http://p:1"), null).forTarget("https", "vcs.example.com", 443), "http's proxy is not https's");
        assertEquals(1080, proxies(Map.of("HTTPS_PROXY", "p"), null).forTarget("https", "h", 443).port(), "curl's default port");
    }

    @Test
    void credentialsBecomeBasicAuthorizationAndAreMasked() {
        Redactor redactor = new Redactor();
        Proxies.Proxy proxy = new Proxies(Map.of("HTTPS_PROXY", "http://me%40corp:p%3Ass@proxy:3128/"), null, redactor).forTarget("https", "h", 443);
        assertEquals("Basic " + java.util.Base64.getEncoder().encodeToString("me@corp:p:ss".getBytes()), proxy.authorization());
        assertEquals("http://****@proxy:3128", proxy.shown());
        String leaked = "me@corp:p:ss p:ss p%3Ass " + proxy.authorization();
        assertFalse(redactor.text(leaked).contains("p:ss"), redactor.text(leaked));
        assertFalse(redactor.text(leaked).contains(proxy.authorization().substring(6)), redactor.text(leaked));
    }

    @Test
    void loopbackNeverGoesThroughAProxyFromTheVariables() {
        Proxies proxies = proxies(Map.of("HTTP_PROXY", "http://p:1"), null);
        for (String host : new String[] {"localhost", "api.localhost", "127.0.0.1", "127.1.2.3", "[::1]"}) {
            assertNull(proxies.forTarget("http", host, 80), host);
        }
        assertEquals("p", proxies.forTarget("http", "10.0.0.1", 80).host());
        assertEquals("p", proxies(Map.of(), "http://p:1").forTarget("http", "127.0.0.1", 80).host(), "--proxy is explicit");
    }

    @Test
    void noProxyMatchesNamesDomainsAddressesNetworksAndPorts() {
        Proxies proxies = proxies(Map.of("HTTPS_PROXY", "http://p:1",
                "NO_PROXY", "internal.corp, .lab.example,*.dev.example 10.0.0.0/8 192.168.1.7,[2001:db8::1], fd00::/8, only443.example:443"), null);
        for (String host : new String[] {"internal.corp", "api.internal.corp", "x.lab.example", "lab.example", "a.dev.example", "10.1.2.3",
                "192.168.1.7", "[2001:db8::1]", "[fd12::5]"}) {
            assertNull(proxies.forTarget("https", host, 443), host + " is excluded");
        }
        assertNull(proxies.forTarget("https", "only443.example", 443));
        assertEquals("p", proxies.forTarget("https", "only443.example", 8443).host(), "the port must match");
        for (String host : new String[] {"notinternal.corp", "corp", "11.0.0.1", "192.168.1.8", "[2001:db8::2]", "example"}) {
            assertEquals("p", proxies.forTarget("https", host, 443).host(), host + " goes through the proxy");
        }
        assertNull(proxies(Map.of("HTTPS_PROXY", "http://p:1", "no_proxy", "*"), null).forTarget("https", "anything", 443));
        assertNull(proxies(Map.of("HTTPS_PROXY", "http://p:1", "NO_PROXY", "x.example"), "http://q:2").forTarget("https", "x.example", 443),
                "NO_PROXY applies to --proxy too");
    }

    @Test
    void anEmptyFlagSendsDirectlyAndConfiguredSaysWhetherAnyIsSet() {
        assertNull(proxies(Map.of("HTTPS_PROXY", "http://p:1"), "").forTarget("https", "h", 443));
        assertFalse(Proxies.configured(Map.of("NO_PROXY", "x"), null));
        assertFalse(Proxies.configured(Map.of("HTTPS_PROXY", "http://p:1"), ""));
        assertTrue(Proxies.configured(Map.of("http_proxy", "http://p:1"), null));
        assertTrue(Proxies.configured(Map.of(), "http://p:1"));
    }

    @Test
    void unusableProxyUrlsAreUsageErrorsWithTheirCredentialsMasked() {
        for (String url : new String[] {"https://u:pw@p:443", "socks5://u:pw@p:1080", "http://u:pw@p:0", "http://u:pw@p:65536", "http://u:pw@p:x",
                "http://u:pw@/", "http://u:pw@p:1/path", "http://u:pw@[::1"}) {
            BillctlException e = assertThrows(BillctlException.class, () -> proxies(Map.of("HTTPS_PROXY", url), null).forTarget("https", "h", 443), url);
            assertEquals(2, e.exitCode());
            assertTrue(e.getMessage().startsWith("HTTPS_PROXY is not a proxy billctl can use ("), e.getMessage());
            assertFalse(e.getMessage().contains("pw"), e.getMessage());
        }
    }
}
