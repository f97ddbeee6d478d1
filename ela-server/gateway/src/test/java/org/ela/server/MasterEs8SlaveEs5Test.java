package org.ela.server;

/** After the switch: 8.19 answers the 5.x application, the 5.6 source follows (the way back stays open). */
class MasterEs8SlaveEs5Test extends GatewayEndToEndTest {
    MasterEs8SlaveEs5Test() {
        super("es8");
    }
}
