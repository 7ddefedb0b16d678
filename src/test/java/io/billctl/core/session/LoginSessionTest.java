package io.billctl.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.billctl.core.http.Redactor;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoginSessionTest {
    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    @TempDir Path dir;
    final AtomicInteger logins = new AtomicInteger();

    private LoginSession session(long lifetimeSeconds) {
        TokenCache cache = new TokenCache(dir, new Redactor());
        return new LoginSession(cache, () -> "k", new TokenCache.Owner("p", "b"),
                () -> new Token("token-" + logins.incrementAndGet(), NOW.plusSeconds(lifetimeSeconds)), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void aCachedTokenServesLaterSessions() {
        assertEquals("token-1", session(600).token().value());
        assertEquals("token-1", session(600).token().value());
        assertEquals(1, logins.get());
    }

    @Test
    void aTokenAboutToExpireIsNotUsed() {
        session(5).token();
        assertEquals("token-2", session(5).token().value());
    }

    @Test
    void renewalReplacesTheRejectedTokenOnce() {
        LoginSession session = session(600);
        String rejected = session.token().value();
        assertNotEquals(rejected, session.renew(rejected).value());
        assertEquals("token-2", session.renew(rejected).value(), "a second report of the same rejection reuses the new token");
        assertEquals(2, logins.get());
        assertEquals("token-2", session(600).token().value(), "the cache holds the new token");
    }

    @Test
    void concurrentRejectionsCauseOneLogin() throws Exception {
        LoginSession session = session(600);
        String rejected = session.token().value();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> renewed = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            renewed.add(pool.submit(() -> {
                start.await();
                return session.renew(rejected).value();
            }));
        }
        start.countDown();
        for (Future<String> value : renewed) assertEquals("token-2", value.get());
        pool.shutdown();
        assertEquals(2, logins.get());
    }

    @Test
    void aRefusedLoginIsTriedOnceWhateverTheWorkers() throws Exception {
        TokenCache cache = new TokenCache(dir, new Redactor());
        LoginSession session = new LoginSession(cache, () -> "k", new TokenCache.Owner("p", "b"), () -> {
            logins.incrementAndGet();
            throw new io.billctl.core.BillctlException(io.billctl.core.ExitCode.AUTH, "wrong password");
        }, Clock.fixed(NOW, ZoneOffset.UTC));
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> tries = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            tries.add(pool.submit(() -> {
                start.await();
                try {
                    session.token();
                    return 0;
                } catch (io.billctl.core.BillctlException e) {
                    return e.exitCode();
                }
            }));
        }
        start.countDown();
        for (Future<Integer> tried : tries) assertEquals(3, tried.get());
        pool.shutdown();
        assertEquals(1, logins.get(), "one login, whatever the workers");
        assertEquals(3, org.junit.jupiter.api.Assertions.assertThrows(io.billctl.core.BillctlException.class, () -> session.renew("x")).exitCode());
        assertEquals(1, logins.get());
    }

    @Test
    void aNetworkFailureIsNotRemembered() {
        int[] calls = {0};
        LoginSession session = new LoginSession(new TokenCache(dir, new Redactor()), () -> "k", new TokenCache.Owner("p", "b"), () -> {
            if (calls[0]++ == 0) throw new io.billctl.core.BillctlException(io.billctl.core.ExitCode.UNAVAILABLE, "connection refused");
            return new Token("token-ok", NOW.plusSeconds(600));
        }, Clock.fixed(NOW, ZoneOffset.UTC));
        org.junit.jupiter.api.Assertions.assertThrows(io.billctl.core.BillctlException.class, session::token);
        assertEquals("token-ok", session.token().value());
    }
}
