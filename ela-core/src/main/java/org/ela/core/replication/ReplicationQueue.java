package org.ela.core.replication;

import java.time.Duration;
import org.ela.core.op.Operation;

/**
 * Writes the master accepted, waiting to be applied to the slave, in the order they were accepted.
 * Today's implementation is bounded and in memory; a durable journal will take its place behind this
 * interface.
 */
public interface ReplicationQueue {

    /** Records a write; returns false if it had to be dropped (and says so in the log). */
    boolean offer(Operation write);

    /** The oldest write not yet handed out, or null if none arrives within the wait. */
    Operation poll(Duration wait) throws InterruptedException;

    /** Writes waiting to be applied. */
    int depth();

    /** Writes dropped since start because the queue was full. */
    long dropped();
}
