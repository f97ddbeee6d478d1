package org.ela.server;

/** Before the switch to a OpenSearch 2.19 target: the 5.6 source answers, OpenSearch 2.19 follows. */
class MasterEs5SlaveOs2Test extends GatewayEndToEndTest {
    MasterEs5SlaveOs2Test() {
        super("os2", "es5");
    }
}
