package org.ela.server.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ela.server.chaos.Rest;

/**
 * CPU time used per bulk by each process that serves the dual-write row: the master, the slave and the gateway.
 * Throughput on two shared cores depends on what else runs; the CPU a bulk costs each process does much less, so
 * it is what tells Ela's write path from nginx {@code mirror}'s. ES reports its own process CPU
 * ({@code _nodes/stats/process}); the gateway's is read from {@code /proc}.
 */
final class BulkCpu {
    private static final String[] PARTS = {"master", "slave", "gateway"};
    /** Clock ticks per second of {@code /proc/PID/stat}'s utime and stime: 100 on every Linux this runs on. */
    private static final double TICKS_PER_MS = 0.1;

    private final Rest master;
    private final Rest slave;
    private final long gatewayPid;

    BulkCpu(String master, String slave, long gatewayPid) {
        this.master = new Rest(master);
        this.slave = new Rest(slave);
        this.gatewayPid = gatewayPid;
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

    private double gatewayMillis() throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(gatewayPid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // fields 14 and 15 of the file (utime, stime) are 12 and 13 after the command's closing parenthesis
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_MS;
    }
}
