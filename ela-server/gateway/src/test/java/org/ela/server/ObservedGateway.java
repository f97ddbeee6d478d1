package org.ela.server;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import org.ela.core.cluster.ClientSettings;
import org.ela.core.config.ConfigLoader;
import org.ela.core.config.ElaConfig;
import org.ela.core.dialect.Dialects;
import org.ela.core.dispatch.DispatcherFactory;

/** A gateway of the test's own over the shared es5 (source, master) and es8, exporting Prometheus metrics. */
final class ObservedGateway {
    static final String BACKEND_USER = "ela-backend";
    static final String BACKEND_PASSWORD = "B4ckend-Pa55-word";

    private ObservedGateway() {
    }

    /** @param appUser null for a gateway without authentication (it listens on loopback only) */
    static GatewayServer start(String appUser, String appPassword) throws IOException {
        String credentials = "    user: " + BACKEND_USER + "\n    password: " + BACKEND_PASSWORD + "\n";
        String yaml = "elastics:\n"
                + "  es5:\n    addresses: [\"" + TestGateways.cluster("es5").httpAddress() + "\"]\n" + credentials
                + "  es8:\n    addresses: [\"" + TestGateways.cluster("es8").httpAddress() + "\"]\n" + credentials
                + "gateway:\n  address: 127.0.0.1:0\n"
                + (appUser == null ? "" : "  user: " + appUser + "\n  password: " + appPassword + "\n")
                + "  source_es: es5\n  target_es: es8\n  master: es5\n"
                + "  journal_dir: " + TestGateways.freshDir("journal-observed") + "\n";
        ElaConfig config = ConfigLoader.parse(yaml);
        PrometheusMeterRegistry registry = MetricsExport.newRegistry();
        return new GatewayServer(config.gateway(), DispatcherFactory.open(config, false, Dialects.load(),
                ClientSettings.defaults(), registry)).start();
    }
}
