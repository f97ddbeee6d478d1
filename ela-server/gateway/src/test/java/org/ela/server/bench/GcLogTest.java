package org.ela.server.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class GcLogTest {
    @Test
    void countsFullCollectionsAndTheLargestHeapAfterOne() {
        GcLog gc = GcLog.parse(List.of(
                "[0.010s][info][gc] Using G1",
                "[1.204s][info][gc] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 24M->6M(512M) 3.101ms",
                "[2.310s][info][gc] GC(1) Pause Young (Concurrent Start) (G1 Humongous Allocation) 140M->71M(512M) 5.2ms",
                "[2.330s][info][gc] GC(2) Concurrent Mark Cycle",
                "[3.001s][info][gc] GC(3) Pause Full (G1 Compaction Pause) 500M->212M(512M) 80.0ms",
                "[4.000s][info][gc] GC(4) Pause Remark 180M->150M(512M) 1.0ms"));
        assertEquals(new GcLog(4, 1, 212, 512), gc);
    }
}
