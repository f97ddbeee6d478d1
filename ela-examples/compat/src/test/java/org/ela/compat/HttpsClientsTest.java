package org.ela.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import javax.net.ssl.SSLContext;
import org.ela.server.TestCerts;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue #11 "TLS": the official clients of both ends of a migration (5.6 low-level, 8.19 Java API client) reach
 * Ela's HTTPS listener, whose certificate comes from a CA made for this run. Both clients build their TLS from
 * {@link SSLContext#getDefault()}, so trusting the CA there is all an application has to do; the scenario must pass
 * every step and leave its documents and administration in both clusters, as in the compatibility matrix.
 */
class HttpsClientsTest {
    private static TestCerts certs;
    private static TestCerts.Issued gateway;

    @BeforeAll
    static void certificates() throws Exception {
        certs = TestCerts.create();
        gateway = certs.issue("gateway");
    }

    @ParameterizedTest
    @ValueSource(strings = {"es5", "es8"})
    void officialClientOverHttps(String client) throws Exception {
        SSLContext previous = SSLContext.getDefault();
        SSLContext.setDefault(certs.clientContext(null));
        Cell cell;
        try {
            cell = CompatibilityMatrix.run(client, "es8", "https",
                    List.of("  tls:", "    cert: " + gateway.cert(), "    key: " + gateway.key()));
        } finally {
            SSLContext.setDefault(previous);
        }
        assertThat(cell.steps()).as("steps run").hasSizeGreaterThan(20);
        assertThat(cell.steps()).as("every step of the " + client + " client over HTTPS")
                .allSatisfy(step -> assertThat(step.passed()).as(step.name() + ": " + step.why()).isTrue());
    }
}
