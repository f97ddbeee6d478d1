package org.ela.server;

/** After the switch to a OpenSearch 2.19 target: OpenSearch 2.19 answers the 5.x application, the 5.6 source follows. */
class MasterOs2SlaveEs5Test extends GatewayEndToEndTest {
    MasterOs2SlaveEs5Test() {
        super("os2", "os2");
    }
}
