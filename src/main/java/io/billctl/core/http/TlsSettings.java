package io.billctl.core.http;

import io.billctl.core.BillctlException;
import io.billctl.core.ExitCode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.net.Socket;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/** TLS as a profile asks: verified by default, an extra CA from {@code --ca-cert}, or {@code --insecure}. */
public record TlsSettings(Path caCert, boolean insecure) {
    public static final TlsSettings DEFAULT = new TlsSettings(null, false);

    public SSLContext sslContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            if (insecure) {
                context.init(null, new TrustManager[] {new TrustEverything()}, null);
            } else if (caCert != null) {
                context.init(null, new TrustManager[] {withExtraCa(caCert)}, null);
            } else {
                return SSLContext.getDefault();
            }
            return context;
        } catch (GeneralSecurityException e) {
            throw new BillctlException(ExitCode.USAGE, "cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /** For plain-HTTP endpoints: any TLS attempted through it fails, since it trusts no certificate. */
    static SSLContext trustingNothing() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new TrustNothing()}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS is part of every JDK", e);
        }
    }

    /** The JDK's own trust anchors plus every certificate in the given PEM or DER file. */
    private static X509TrustManager withExtraCa(Path file) throws GeneralSecurityException {
        Collection<? extends Certificate> extra;
        try (InputStream in = Files.newInputStream(file)) {
            extra = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (IOException e) {
            throw BillctlException.usage("cannot read CA certificate " + file + ": " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw BillctlException.usage("not a PEM or DER certificate: " + file);
        }
        if (extra.isEmpty()) throw BillctlException.usage("no certificate found in " + file);
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        int n = 0;
        for (X509Certificate anchor : defaultTrustManager().getAcceptedIssuers()) store.setCertificateEntry("jdk-" + n++, anchor);
        for (Certificate certificate : extra) store.setCertificateEntry("extra-" + n++, certificate);
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return firstX509(factory.getTrustManagers());
    }

    private static X509TrustManager defaultTrustManager() throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        return firstX509(factory.getTrustManagers());
    }

    private static X509TrustManager firstX509(TrustManager[] managers) {
        List<X509TrustManager> found = new ArrayList<>();
        for (TrustManager manager : managers) if (manager instanceof X509TrustManager x509) found.add(x509);
        return found.get(0);
    }

    private static final class TrustNothing implements X509TrustManager {
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("no certificate is trusted for a plain-HTTP endpoint");
        }
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("no certificate is trusted for a plain-HTTP endpoint");
        }
        @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
    }

    /**
     * What {@code --insecure} asks for, and warns about on every call. Extended, because JSSE
     * wraps a plain X509TrustManager in one that still checks the host name.
     */
    private static final class TrustEverything extends X509ExtendedTrustManager {
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType) {}
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType) {}
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}
        @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
    }
}
