package org.ela.core.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.ela.core.config.BackendTls;
import org.ela.core.config.ListenerTls;

/** The {@link SSLContext}s of the listener and of each backend, built from configuration with the JDK alone. */
public final class TlsContexts {
    private static final char[] IN_MEMORY = "ela".toCharArray();

    private TlsContexts() {
    }

    /** The listener's: its certificate, and the CA client certificates are checked against (if any). */
    public static SSLContext server(ListenerTls tls) throws IOException {
        KeyManager[] keys = tls.keystore() != null
                ? keyManagers(load(tls.keystore(), tls.keystorePassword()), tls.keystorePassword().toCharArray())
                : keyManagers(tls.cert(), tls.key());
        return context(keys, tls.clientCa() == null ? null : trustManagers(tls.clientCa()));
    }

    /** A backend's: the JVM's trust store unless {@code ca} is given; a client certificate if configured. */
    public static SSLContext client(BackendTls tls) throws IOException {
        KeyManager[] keys = tls.cert() == null ? null : keyManagers(tls.cert(), tls.key());
        TrustManager[] trust = !tls.verify() ? new TrustManager[] {new TrustAll()}
                : tls.ca() == null ? null : trustManagers(tls.ca());
        return context(keys, trust);
    }

    private static SSLContext context(KeyManager[] keys, TrustManager[] trust) throws IOException {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, trust, new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private static KeyManager[] keyManagers(Path cert, Path key) throws IOException {
        List<X509Certificate> chain = Pem.certificates(cert);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("ela", Pem.privateKey(key), IN_MEMORY, chain.toArray(new X509Certificate[0]));
            return keyManagers(store, IN_MEMORY);
        } catch (GeneralSecurityException e) {
            throw new IOException(key + " does not go with " + cert + ": " + e.getMessage(), e);
        }
    }

    private static KeyManager[] keyManagers(KeyStore store, char[] password) throws IOException {
        try {
            KeyManagerFactory f = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            f.init(store, password);
            return f.getKeyManagers();
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot use the key: " + e.getMessage(), e);
        }
    }

    private static TrustManager[] trustManagers(Path caFile) throws IOException {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int i = 0;
            for (X509Certificate ca : Pem.certificates(caFile)) {
                store.setCertificateEntry("ca-" + i++, ca);
            }
            TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            f.init(store);
            return f.getTrustManagers();
        } catch (GeneralSecurityException e) {
            throw new IOException(caFile + ": cannot trust these certificates: " + e.getMessage(), e);
        }
    }

    private static KeyStore load(Path file, String password) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password.toCharArray());
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IOException(file + ": not a PKCS12 keystore this password opens: " + e.getMessage(), e);
        }
    }

    /** {@code verify: false}: any certificate is accepted (warned about at start). */
    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            // not used by a client
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // verify: false
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
