package org.ela.server;

import java.io.IOException;
import org.ela.core.config.ConfigLoader;
import org.ela.core.config.ElaConfig;
import org.ela.core.dispatch.DispatcherFactory;

/** Dedicated gateways over the shared es5 (source) and es8 clusters with extra gateway keys, for issue #11 tests. */
final class SecureGateways {
    private SecureGateways() {
    }

    /**
     * @param gatewayLines extra lines of the gateway section, indented by two spaces (e.g. {@code "  limits:"})
     */
    static GatewayServer start(String master, String es5Address, String es8Address, String... gatewayLines)
            throws IOException {
        return start(TestGateways.yaml(master, es5Address, es8Address, TestGateways.freshDir("journal-secure"))
                + String.join("\n", gatewayLines) + "\n");
    }

    static GatewayServer start(String yaml) throws IOException {
        ElaConfig config = ConfigLoader.parse(yaml);
        return new GatewayServer(config.gateway(), DispatcherFactory.open(config)).start();
    }

    static String es5() {
        return TestGateways.cluster("es5").httpAddress();
    }

    static String es8() {
        return TestGateways.cluster("es8").httpAddress();
    }
}
