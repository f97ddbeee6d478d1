package org.ela.server;

/** Before the switch to a 9.1 target: the 5.6 source answers, 9.1 follows. */
class MasterEs5SlaveEs9Test extends GatewayEndToEndTest {
    MasterEs5SlaveEs9Test() {
        super("es9", "es5");
    }
}
