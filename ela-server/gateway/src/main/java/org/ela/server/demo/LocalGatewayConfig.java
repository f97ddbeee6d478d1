package org.ela.server.demo;

import java.nio.file.Path;
import org.ela.core.local.LocalCluster;

/** The configuration of a gateway over two local clusters (es5 the source, es8 the target): demo, bench, chaos. */
public final class LocalGatewayConfig {
    private LocalGatewayConfig() {
    }

    /** @param master {@code es5} or {@code es8} */
    public static String yaml(LocalCluster source, LocalCluster target, String address, String master, Path journal) {
        return String.join("\n",
                "level: info",
                "elastics:",
                "  es5:",
                "    addresses: [\"" + source.httpAddress() + "\"]",
                "  es8:",
                "    addresses: [\"" + target.httpAddress() + "\"]",
                "gateway:",
                "  address: " + address,
                "  source_es: es5",
                "  target_es: es8",
                "  master: " + master,
                "  journal_dir: \"" + journal + "\"", "");
    }
}
