package org.ela.server.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.ela.core.config.ConfigLoader;
import org.ela.core.config.ElaConfig;
import org.ela.core.dispatch.DispatcherFactory;
import org.ela.core.local.EsVersions;
import org.ela.core.local.LocalCluster;
import org.ela.server.GatewayServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Ela's main job on a local default: starts a real Elasticsearch 5.6 (source) and 8.19 (target) from the
 * Maven distributions, puts the gateway in front of them, and says how to try it.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start local ES 5.6 and 8.19 clusters and the gateway in front of them.")
public final class DemoCommand implements Callable<Integer> {
    static final String SOURCE_VERSION = EsVersions.ES5;
    static final String TARGET_VERSION = EsVersions.ES8;

    // Options as picocli fields: the shape repeats from command to command, each option's meaning and default do not.
    @Option(names = "--port", description = "gateway port (default ${DEFAULT-VALUE})")
    int port = 9292;

    @Option(names = "--master", description = "source or target (default ${DEFAULT-VALUE})")
    String master = "source";

    @Override
    public Integer call() throws Exception {
        if (!master.equals("source") && !master.equals("target")) {
            System.err.println("ela demo: --master must be source or target");
            return 2;
        }
        List<AutoCloseable> running = new ArrayList<>();
        System.out.println("Starting Elasticsearch " + SOURCE_VERSION + " and " + TARGET_VERSION + " (about a minute)...");
        LocalCluster source = LocalCluster.start(SOURCE_VERSION);
        running.add(source);
        LocalCluster target;
        try {
            target = LocalCluster.start(TARGET_VERSION);
        } catch (Exception e) {
            source.close();
            throw e;
        }
        running.add(target);
        // the demo's clusters are new each time: so is its journal
        ElaConfig config = ConfigLoader.parse(LocalGatewayConfig.yaml(source, target, "127.0.0.1:" + port,
                master.equals("source") ? "es5" : "es8", java.nio.file.Files.createTempDirectory("ela-demo-journal")));
        GatewayServer gateway = new GatewayServer(config.gateway(), DispatcherFactory.open(config)).start();
        running.add(0, gateway);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (AutoCloseable c : running) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // stopping anyway
                }
            }
            stopped.countDown();
        }, "ela-demo-shutdown"));
        printHowToTry(source, target, gateway.port());
        stopped.await();
        return 0;
    }

    private void printHowToTry(LocalCluster source, LocalCluster target, int gatewayPort) {
        String gw = "http://127.0.0.1:" + gatewayPort;
        boolean sourceIsMaster = master.equals("source");
        System.out.println();
        System.out.println("Ela demo is running.");
        System.out.println("  source es5: Elasticsearch " + SOURCE_VERSION + " at " + source.httpAddress()
                + (sourceIsMaster ? "  (master)" : "  (slave)"));
        System.out.println("  target es8: Elasticsearch " + TARGET_VERSION + " at " + target.httpAddress()
                + (sourceIsMaster ? "  (slave)" : "  (master)"));
        System.out.println("  gateway:    " + gw + "  (speaks Elasticsearch " + SOURCE_VERSION + " to applications)");
        System.out.println();
        System.out.println("Try it, as a 5.x application would:");
        System.out.println("  curl -XPUT '" + gw + "/demo/doc/1?refresh=true' -H 'Content-Type: application/json' -d '{\"msg\":\"hello\"}'");
        System.out.println("  curl '" + gw + "/demo/doc/_search?pretty'");
        System.out.println("and see the write replicated in both clusters:");
        System.out.println("  curl '" + source.httpAddress() + "/demo/doc/1?pretty'");
        System.out.println("  curl '" + target.httpAddress() + "/demo/_doc/1?pretty'");
        System.out.println("watch replication, and switch the master live (writes keep working):");
        System.out.println("  curl '" + gw + "/_ela/status?pretty'");
        System.out.println("  curl -XPOST '" + gw + "/_ela/master' -H 'Content-Type: application/json' -d '{\"master\":\""
                + (sourceIsMaster ? "es8" : "es5") + "\"}'");
        System.out.println();
        System.out.println("Ctrl-C stops the gateway and both clusters.");
    }
}
