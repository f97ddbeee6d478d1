package org.ela.server.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.ela.core.local.LocalCluster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Injects one random fault every 20 to 40 s, each undone before the next: the slave's Elasticsearch process
 * stopped (SIGTERM) or frozen (SIGSTOP) for 5 to 15 s, the gateway killed with -9 and started again, the master
 * switched to the other cluster through {@code POST /_ela/master}.
 */
final class Faults implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(Faults.class);

    private final Map<String, LocalCluster> clusters;
    private final GatewayProcess gateway;
    private final Rest admin;
    private final Random random;
    private final Tally injected;
    private final BooleanSupplier running;
    private volatile Throwable fatal;

    /** @param clusters by their name in the gateway's configuration */
    Faults(Map<String, LocalCluster> clusters, GatewayProcess gateway, Rest admin, Random random, Tally injected,
           BooleanSupplier running) {
        this.clusters = clusters;
        this.gateway = gateway;
        this.admin = admin;
        this.random = random;
        this.injected = injected;
        this.running = running;
    }

    /** What stopped the faults early, leaving a cluster or the gateway down; null if nothing did. */
    Throwable fatal() {
        return fatal;
    }

    @Override
    public void run() {
        try {
            while (sleepWhileRunning(20_000 + random.nextInt(20_000))) {
                injectOne();
            }
        } catch (Throwable t) {
            fatal = t;
            log.error("fault injection stopped", t);
        }
    }

    private void injectOne() throws Exception {
        JsonNode status = admin.send("GET", "/_ela/status", null).json();
        String master = status.get("master").asText();
        String slave = status.get("slave").asText();
        switch (random.nextInt(4)) {
            case 0 -> {
                log.info("fault: stopping the slave {}'s Elasticsearch process", slave);
                injected.add("slave stopped");
                clusters.get(slave).stopProcess();
                sleepWhileRunning(5_000 + random.nextInt(10_000));
                clusters.get(slave).startProcess();
            }
            case 1 -> {
                log.info("fault: freezing the slave {} (SIGSTOP)", slave);
                injected.add("slave frozen");
                clusters.get(slave).pauseProcess();
                try {
                    sleepWhileRunning(5_000 + random.nextInt(10_000));
                } finally {
                    clusters.get(slave).resumeProcess();
                }
            }
            case 2 -> {
                log.info("fault: killing the gateway with -9");
                injected.add("gateway killed -9");
                gateway.kill();
                gateway.start();
            }
            default -> {
                log.info("fault: switching the master from {} to {}", master, slave);
                // the gateway must give up (409) before this client does (Rest times out after 30 s)
                Rest.Reply switched = admin.send("POST", "/_ela/master?timeout=20s", "{\"master\":\"" + slave + "\"}");
                injected.add(switched.ok() ? "switch done" : "switch refused " + switched.status());
                if (!switched.ok()) {
                    log.info("switch refused: {}", switched.body());
                }
            }
        }
    }

    /** @return whether the run goes on: false once it is over, after at most 200 ms */
    private boolean sleepWhileRunning(long millis) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        while (running.getAsBoolean() && System.currentTimeMillis() < end) {
            Thread.sleep(Math.min(200, Math.max(1, end - System.currentTimeMillis())));
        }
        return running.getAsBoolean();
    }
}
