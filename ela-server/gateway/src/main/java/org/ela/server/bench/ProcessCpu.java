package org.ela.server.bench;

import java.time.Duration;

/**
 * The CPU time a proxy's processes have used (user + system, the process and its children such as nginx's
 * workers): read before and after each half, it gives the proxy's own cost per request, which other load on the
 * machine skews far less than throughput does.
 */
final class ProcessCpu {
    private ProcessCpu() {
    }

    /** Seconds of CPU used so far by the process and its descendants; 0 without a process to read. */
    static double seconds(ProcessHandle process) {
        if (process == null) {
            return 0;
        }
        double total = used(process);
        for (ProcessHandle child : (Iterable<ProcessHandle>) process.descendants()::iterator) {
            total += used(child);
        }
        return total;
    }

    private static double used(ProcessHandle p) {
        return p.info().totalCpuDuration().orElse(Duration.ZERO).toNanos() / 1e9;
    }
}
