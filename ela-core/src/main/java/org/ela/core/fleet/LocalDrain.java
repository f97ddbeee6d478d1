package org.ela.core.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.ela.core.dispatch.DualWriteDispatcher;
import org.ela.core.json.Json;

/**
 * The drain of a gateway that replicates its own journal (the file journal): its replicator has applied it all.
 * It covers this gateway's writes only, so a switch covers those of a gateway cut from the control topic only
 * with the Kafka journal, which the others drain.
 */
public final class LocalDrain implements ReplicationDrain {
    private final DualWriteDispatcher dispatcher;

    public LocalDrain(DualWriteDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Override
    public boolean awaitDrained(Duration timeout) throws InterruptedException {
        return dispatcher.awaitReplication(timeout);
    }

    @Override
    public JsonNode lag() {
        return Json.object().put("journal_depth", dispatcher.replication().depth());
    }
}
