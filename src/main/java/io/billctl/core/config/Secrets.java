package io.billctl.core.config;

import io.billctl.core.BillctlException;
import io.billctl.core.Env;
import io.billctl.core.ExitCode;
import io.billctl.core.http.Redactor;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * The run's resolved secrets: each {@link SecretRef} is resolved once per process, however many
 * records or workers need it (a {@code pass show} per record was 20,000 runs for a batch of
 * 200); concurrent askers wait for the one resolution, and a failure is remembered like a value.
 * Every value is handed to the run's redactor, in all its forms, before anyone sees it.
 */
public final class Secrets {
    private final Env env;
    private final Redactor redactor;
    /**
     * By {@link #key}, not by the SecretRef itself: a record's first hashCode() links
     * java.lang.runtime.ObjectMethods, a dozen method handles made at run time that the CDS archive
     * cannot keep (several ms of every cold call).
     */
    private final ConcurrentHashMap<String, FutureTask<Secret>> resolved = new ConcurrentHashMap<>();

    public Secrets(Env env, Redactor redactor) {
        this.env = env;
        this.redactor = redactor;
    }

    public Secret resolve(SecretRef ref, String profile) {
        FutureTask<Secret> task = resolved.computeIfAbsent(key(ref), k -> new FutureTask<>(() -> {
            Secret secret = ref.resolve(env, profile);
            redactor.addSecretValue(secret.reveal());
            return secret;
        }));
        task.run(); // the first asker resolves it; the others find it running or done, and wait below
        try {
            return task.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) throw failure;
            throw new BillctlException(ExitCode.AUTH, "cannot resolve the " + ref.what() + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BillctlException(ExitCode.INTERRUPTED, "interrupted while waiting for the " + ref.what());
        }
    }

    /** Where the secret comes from, as one string: the same source resolves once. */
    private static String key(SecretRef ref) {
        if (ref instanceof SecretRef.Stored stored) return "stored\n" + stored.what() + "\n" + stored.value();
        if (ref instanceof SecretRef.FromEnv fromEnv) return "env\n" + fromEnv.what() + "\n" + fromEnv.variable();
        if (ref instanceof SecretRef.FromCommand command) return "command\n" + command.what() + "\n" + command.command();
        return "missing\n" + ref.what();
    }

    /** For tests: secret commands time out after {@code limit}, not 30 s, until the answer is closed. */
    public static AutoCloseable commandTimeoutForTests(Duration limit) {
        return SecretRef.commandTimeout(limit);
    }
}
