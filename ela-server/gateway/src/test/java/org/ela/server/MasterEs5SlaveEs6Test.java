package org.ela.server;

/** Before the switch to a 6.8 target: the 5.6 source answers, 6.8 follows. */
class MasterEs5SlaveEs6Test extends GatewayEndToEndTest {
    MasterEs5SlaveEs6Test() {
        super("es6", "es5");
    }
}
