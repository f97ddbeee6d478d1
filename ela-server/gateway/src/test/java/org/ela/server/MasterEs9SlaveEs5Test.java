package org.ela.server;

/** After the switch to a 9.1 target: 9.1 answers the 5.x application, the 5.6 source follows. */
class MasterEs9SlaveEs5Test extends GatewayEndToEndTest {
    MasterEs9SlaveEs5Test() {
        super("es9", "es9");
    }
}
