package org.ela.core.cluster;


/** Which backend answers clients (master) and which one follows (slave); swapped as one value. */
public record Roles(Backend master, Backend slave) {
    public Roles swapped() {
        return new Roles(slave, master);
    }
}
