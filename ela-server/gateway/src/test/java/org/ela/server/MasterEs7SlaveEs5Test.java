package org.ela.server;

/** After the switch to a 7.17 target: 7.17 answers the 5.x application, the 5.6 source follows. */
class MasterEs7SlaveEs5Test extends GatewayEndToEndTest {
    MasterEs7SlaveEs5Test() {
        super("es7", "es7");
    }
}
