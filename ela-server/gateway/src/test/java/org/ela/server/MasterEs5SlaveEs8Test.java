package org.ela.server;

/** Before the switch: the 5.6 source answers, 8.19 follows. */
class MasterEs5SlaveEs8Test extends GatewayEndToEndTest {
    MasterEs5SlaveEs8Test() {
        super("es5");
    }
}
