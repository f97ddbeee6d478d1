package org.ela.server.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.ela.server.chaos.Rest;

/**
 * CPU time used per bulk by each process that serves the dual-write row: the master, the slave and the gateway.
 * Throughput on two shared cores depends on what else runs; the CPU a bulk costs each process does much less, so
 * it is what tells Ela's write path from nginx {@code mirror}'s. ES reports its own process CPU
 * ({@code _nodes/stats/process}); the gateway's is its process's, as {@link ProcessCpu} reads it.
 */
final class BulkCpu {
    private static final String[] PARTS = {"master", "slave", "gateway"};

    private final Rest master;
    private final Rest slave;
    private final ProcessHandle gateway;

    BulkCpu(String master, String slave, ProcessHandle gateway) {
        this.master = new Rest(master);
        this.slave = new Rest(slave);
        this.gateway = gateway;
    }

    /** Cumulative CPU milliseconds of master, slave and gateway, now. */
    double[] sample() throws IOException {
        return new double[] {esMillis(master), esMillis(slave), gatewayMillis()};
    }

    /** Adds what was used between two samples to {@code into}. */
    static void addDelta(double[] into, double[] before, double[] after) {
        for (int i = 0; i < into.length; i++) {
            into[i] += after[i] - before[i];
        }
    }

    /** One line: milliseconds of CPU per bulk, by process, and their sum. */
    static String perBulk(double[] millis, long bulks) {
        StringBuilder line = new StringBuilder("CPU ms per bulk:");
        double total = 0;
        for (int i = 0; i < PARTS.length; i++) {
            if (millis[i] > 0) {
                line.append(String.format(" %s %.2f,", PARTS[i], millis[i] / bulks));
                total += millis[i];
            }
        }
        return line.append(String.format(" total %.2f", total / bulks)).toString();
    }

    private static double esMillis(Rest es) throws IOException {
        JsonNode nodes = es.send("GET", "/_nodes/_local/stats/process", null).json().path("nodes");
        return nodes.elements().next().path("process").path("cpu").path("total_in_millis").asDouble();
    }

    private double gatewayMillis() {
        return ProcessCpu.seconds(gateway) * 1000;
    }
}
