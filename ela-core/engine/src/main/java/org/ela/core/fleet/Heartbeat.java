package org.ela.core.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.ela.core.json.Json;

/**
 * The value of a gateway's {@code instance/ID} key, renewed every heartbeat: its lease, the epoch it serves,
 * and, during a switch, its acknowledgement: writes held (none in flight) for the switch {@code held}, and
 * whether its writes are all applied to the slave since.
 *
 * @param run  names this run of the gateway, so that a beat of an earlier run is never taken for one of this run
 * @param beat a counter: the gateway knows its lease renewed once it reads this very beat back
 */
record Heartbeat(String id, String address, long epoch, long leaseMs, String run, long beat, String held,
                 boolean drained) {
    static final String PREFIX = "instance/";

    String key() {
        return PREFIX + id;
    }

    JsonNode toJson() {
        ObjectNode json = Json.object().put("id", id).put("address", address).put("epoch", epoch)
                .put("lease_ms", leaseMs).put("run", run).put("beat", beat).put("drained", drained);
        json.put("held", held);
        return json;
    }

    static Heartbeat fromJson(JsonNode json) {
        return new Heartbeat(json.path("id").asText(), json.path("address").asText(), json.path("epoch").asLong(),
                json.path("lease_ms").asLong(), json.path("run").asText(), json.path("beat").asLong(), json.path("held").asText(null),
                json.path("drained").asBoolean());
    }
}
