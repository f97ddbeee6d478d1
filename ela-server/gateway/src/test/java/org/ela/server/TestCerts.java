package org.ela.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A CA and certificates signed by it, made for one test run with the JDK's keytool (run as a process: the JDK has
 * no public API for it), written as PEM files and PKCS12 keystores in a fresh directory. Nothing is committed.
 * Public for the compatibility tests (ela-examples/compat), which get it from this module's test jar.
 */
public final class TestCerts {
    static final String PASSWORD = "test-pass";

    final Path dir;
    public final Path caPem;

    private TestCerts(Path dir) {
        this.dir = dir;
        this.caPem = dir.resolve("ca.pem");
    }

    public static TestCerts create() throws IOException {
        TestCerts c = new TestCerts(Path.of(TestGateways.freshDir("certs")));
        c.keytool("-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=ela-test-ca",
                "-ext", "bc:c", "-validity", "2", "-keystore", "ca.p12", "-storetype", "PKCS12");
        c.keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", "ca.p12", "-file", "ca.pem");
        return c;
    }

    /** A key pair signed by the CA: {@code NAME.p12} (chain included), {@code NAME.crt} and {@code NAME.key} (PKCS#8). */
    public Issued issue(String name) throws IOException {
        String p12 = name + ".p12";
        keytool("-genkeypair", "-alias", name, "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=" + name,
                "-validity", "2", "-keystore", p12, "-storetype", "PKCS12");
        keytool("-certreq", "-alias", name, "-keystore", p12, "-file", name + ".csr");
        keytool("-gencert", "-rfc", "-alias", "ca", "-keystore", "ca.p12", "-infile", name + ".csr",
                "-outfile", name + ".crt", "-validity", "2", "-ext", "san=ip:127.0.0.1,dns:localhost");
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", "ca.pem", "-keystore", p12);
        keytool("-importcert", "-alias", name, "-file", name + ".crt", "-keystore", p12);
        PrivateKey key;
        try (InputStream in = Files.newInputStream(dir.resolve(p12))) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, PASSWORD.toCharArray());
            key = (PrivateKey) ks.getKey(name, PASSWORD.toCharArray());
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
        }
        Path keyFile = dir.resolve(name + ".key");
        Files.writeString(keyFile, pem("PRIVATE KEY", key.getEncoded()), StandardCharsets.US_ASCII);
        return new Issued(dir.resolve(name + ".crt"), keyFile, dir.resolve(p12), key);
    }

    public record Issued(Path cert, Path key, Path keystore, PrivateKey privateKey) {
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    /** An SSLContext trusting the CA, with {@code client} as client certificate when not null. */
    public javax.net.ssl.SSLContext clientContext(Issued client) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(caPem)) {
            trust.setCertificateEntry("ca", java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance("PKIX");
        tmf.init(trust);
        javax.net.ssl.KeyManager[] keys = null;
        if (client != null) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(client.keystore())) {
                ks.load(in, PASSWORD.toCharArray());
            }
            javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance("PKIX");
            kmf.init(ks, PASSWORD.toCharArray());
            keys = kmf.getKeyManagers();
        }
        javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
        ctx.init(keys, tmf.getTrustManagers(), null);
        return ctx;
    }

    private void keytool(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("-storepass", PASSWORD));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("keytool " + String.join(" ", args) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
