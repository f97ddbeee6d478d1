package org.ela.core.dispatch;

import org.ela.core.cluster.FakeCluster;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.ela.core.http.EsResponse;
import org.junit.jupiter.api.Test;

/**
 * Issue #9, problem 11: an index's mapping type is learnt from writes the master accepted (and the source's
 * mappings), never from reads or refused writes; a second type in one index is still refused.
 */
class TypeLearningTest {

    @Test
    void aReadDoesNotPinTheType() {
        try (DispatcherFixture f = new DispatcherFixture("es8")) {
            f.send("GET", "/newidx/typo/1", null);
            assertThat(f.send("PUT", "/newidx/doc/1", "{\"a\":1}").status()).isEqualTo(201);
            assertThat(f.dispatcher.types().typeOf("newidx")).isEqualTo("doc");
        }
    }

    @Test
    void aRefusedWriteDoesNotPinTheType() {
        AtomicInteger writes = new AtomicInteger();
        try (DispatcherFixture f = new DispatcherFixture("es8", r -> r.method().equals("PUT") && writes.getAndIncrement() == 0
                ? FakeCluster.json(400, "{\"error\":{\"type\":\"mapper_parsing_exception\",\"reason\":\"x\"},\"status\":400}")
                : DispatcherFixture.accepting(r))) {
            assertThat(f.send("PUT", "/newidx/typo/1", "{\"a\":1}").status()).isEqualTo(400);
            assertThat(f.send("PUT", "/newidx/real/1", "{\"a\":1}").status()).isEqualTo(201);
            assertThat(f.dispatcher.types().typeOf("newidx")).isEqualTo("real");
        }
    }

    @Test
    void aRefusedBulkItemDoesNotPinTheType() {
        try (DispatcherFixture f = new DispatcherFixture("es8", r -> r.path().endsWith("_bulk")
                ? FakeCluster.json(200, "{\"took\":1,\"errors\":true,\"items\":[{\"index\":{\"_index\":\"a\",\"_id\":\"1\","
                + "\"status\":400,\"error\":{\"type\":\"mapper_parsing_exception\",\"reason\":\"x\"}}},"
                + "{\"index\":{\"_index\":\"b\",\"_id\":\"1\",\"_version\":1,\"result\":\"created\",\"status\":201}}]}")
                : DispatcherFixture.accepting(r))) {
            f.send("POST", "/_bulk", "{\"index\":{\"_index\":\"a\",\"_type\":\"typo\",\"_id\":\"1\"}}\n{\"x\":1}\n"
                    + "{\"index\":{\"_index\":\"b\",\"_type\":\"kept\",\"_id\":\"1\"}}\n{\"x\":1}\n");
            assertThat(f.dispatcher.types().typeOf("a")).isEqualTo("doc");
            assertThat(f.dispatcher.types().typeOf("b")).isEqualTo("kept");
        }
    }

    @Test
    void anAcceptedWritePinsTheTypeAndASecondTypeIsRefused() {
        try (DispatcherFixture f = new DispatcherFixture("es8")) {
            assertThat(f.send("PUT", "/newidx/first/1", "{\"a\":1}").status()).isEqualTo(201);
            EsResponse second = f.send("PUT", "/newidx/second/1", "{\"a\":1}");
            assertThat(second.status()).isEqualTo(400);
            assertThat(DispatcherFixture.json(second).at("/error/type").asText()).isEqualTo("illegal_argument_exception");
            assertThat(f.journal.intents).hasSize(1);
        }
    }

    @Test
    void twoTypesForOneNewIndexInOneBulkAreRefusedAndTheFirstTypeNamesTheOthers() {
        try (DispatcherFixture f = new DispatcherFixture("es8")) {
            EsResponse r = f.send("POST", "/_bulk", "{\"index\":{\"_index\":\"n\",\"_type\":\"t1\",\"_id\":\"1\"}}\n{}\n"
                    + "{\"index\":{\"_index\":\"n\",\"_type\":\"t2\",\"_id\":\"2\"}}\n{}\n");
            assertThat(r.status()).isEqualTo(400);
            assertThat(f.journal.intents).isEmpty();
            assertThat(f.dispatcher.types().typeOf("n")).isEqualTo("doc");
        }
    }
}
