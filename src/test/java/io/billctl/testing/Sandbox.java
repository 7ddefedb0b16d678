package io.billctl.testing;

import io.billctl.app.Registry;
import io.billctl.sandbox.Emulator;
import io.billctl.sandbox.FaultPlan;
import io.billctl.sandbox.EmulatorRequest;
import io.billctl.sandbox.SandboxServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import javax.net.ssl.SSLContext;

/** The emulators on a loopback port for one test class, reset before each test. */
public final class Sandbox implements AutoCloseable {
    private final SandboxServer server;

    private Sandbox(SandboxServer server) {
        this.server = server;
    }

    public static Sandbox start() {
        try {
            return new Sandbox(SandboxServer.start(0, Registry.emulators().create(), FaultPlan.NONE, 8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Sandbox startTls(SSLContext tls) {
        try {
            return new Sandbox(SandboxServer.startTls(0, Registry.emulators().create(), FaultPlan.NONE, 8, tls));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url(String mountPath) {
        return server.baseUri() + mountPath;
    }

    public void reset() {
        server.reset();
        server.clearRequests();
        server.faults(FaultPlan.NONE);
    }

    public void faults(String spec) {
        server.faults(FaultPlan.parse(spec));
    }

    public List<EmulatorRequest> requests() {
        return server.requests();
    }

    public <T extends Emulator> T emulator(Class<T> type) {
        return server.emulators().stream().filter(type::isInstance).map(type::cast).findFirst().orElseThrow();
    }

    public SandboxServer server() {
        return server;
    }

    @Override
    public void close() {
        server.close();
    }
}
