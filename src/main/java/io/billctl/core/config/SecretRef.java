package io.billctl.core.config;

import io.billctl.core.BillctlException;
import io.billctl.core.Env;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Where a profile's secret comes from; resolved only when a request needs it. */
public sealed interface SecretRef {
    /** "API key" or "password": how messages name it. */
    String what();

    /** Where it comes from, in words fit for {@code profile show}: never the value. */
    String describe();

    Secret resolve(Env env);

    static SecretRef of(String what, String stored, String envVar, String command) {
        if (stored != null) return new Stored(what, stored);
        if (envVar != null) return new FromEnv(what, envVar);
        if (command != null) return new FromCommand(what, command);
        return new Missing(what);
    }

    record Stored(String what, String value) implements SecretRef {
        public String describe() { return "stored in the config file (hidden)"; }
        public Secret resolve(Env env) { return new Secret(value); }
        @Override public String toString() { return "stored " + what; }
    }

    record FromEnv(String what, String variable) implements SecretRef {
        public String describe() { return "from $" + variable; }
        public Secret resolve(Env env) {
            return env.get(variable).map(Secret::new).orElseThrow(() -> BillctlException.usage(
                    "the " + what + " comes from $" + variable + ", which is not set"));
        }
    }

    /** A command such as {@code pass show vcs}, run at each call through {@code sh -c}; its first line is the secret. */
    record FromCommand(String what, String command) implements SecretRef {
        private static final long TIMEOUT_SECONDS = 30;

        public String describe() { return "from the command: " + command; }

        public Secret resolve(Env env) {
            ProcessBuilder builder = new ProcessBuilder("sh", "-c", command).redirectError(ProcessBuilder.Redirect.INHERIT);
            builder.environment().clear();
            builder.environment().putAll(env.vars());
            try {
                Process process = builder.start();
                process.getOutputStream().close();
                byte[] output;
                try (InputStream out = process.getInputStream()) {
                    output = out.readAllBytes();
                }
                if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw BillctlException.usage("the " + what + " command did not finish within " + TIMEOUT_SECONDS + " s: " + command);
                }
                if (process.exitValue() != 0) {
                    throw BillctlException.usage("the " + what + " command exited " + process.exitValue() + ": " + command);
                }
                String first = new String(output, StandardCharsets.UTF_8).lines().findFirst().orElse("").strip();
                if (first.isEmpty()) throw BillctlException.usage("the " + what + " command printed nothing: " + command);
                return new Secret(first);
            } catch (IOException e) {
                throw BillctlException.usage("cannot run the " + what + " command: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw BillctlException.usage("interrupted while running the " + what + " command");
            }
        }
    }

    record Missing(String what) implements SecretRef {
        public String describe() { return "not set"; }
        public Secret resolve(Env env) {
            throw BillctlException.usage("this profile has no " + what + "; add one with billctl profile add --force");
        }
    }
}
