package org.ela.server;

/** Before the switch to a 7.17 target: the 5.6 source answers, 7.17 follows. */
class MasterEs5SlaveEs7Test extends GatewayEndToEndTest {
    MasterEs5SlaveEs7Test() {
        super("es7", "es5");
    }
}
