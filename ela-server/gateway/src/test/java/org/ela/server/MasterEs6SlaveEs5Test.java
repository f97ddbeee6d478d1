package org.ela.server;

/** After the switch to a 6.8 target: 6.8 answers the 5.x application, the 5.6 source follows. */
class MasterEs6SlaveEs5Test extends GatewayEndToEndTest {
    MasterEs6SlaveEs5Test() {
        super("es6", "es6");
    }
}
