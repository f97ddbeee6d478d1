package org.ela.core.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.ela.core.dispatch.Fleet;
import org.ela.core.dispatch.OneSwitchAtATime;
import org.ela.core.dispatch.RolesState;
import org.ela.core.dispatch.SwitchParticipant;
import org.ela.core.dispatch.SwitchResult;
import org.ela.core.fleet.ControlLog.ControlRecord;
import org.ela.core.fleet.FleetRoles.Pending;
import org.ela.core.json.Json;
import org.ela.core.metrics.ElaMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One gateway of a fleet. Its loop reads the control log, renews this gateway's lease with a heartbeat, and takes
 * part in switches: on a prepared switch it holds writes, acknowledges once none is in flight and once its writes
 * are drained to the slave, and flips when the log shows the commit (or resumes on an abort).
 * {@link #requestSwitch} coordinates a switch from this gateway: prepare, wait until every live gateway acknowledged
 * (or its lease expired), drain, commit — or abort on timeout.
 *
 * <p>Writes are accepted only while this gateway's lease is fresh: the lease runs from the moment a heartbeat was
 * sent, and only once the gateway read that heartbeat back — having then read every record before it, including
 * any prepared switch. README "Running a fleet" gives the argument that no write reaches the new master before
 * every gateway stopped writing to the old one.
 */
public final class FleetMember implements Fleet, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FleetMember.class);
    private static final Duration POLL = Duration.ofMillis(50);
    private static final Duration STEP = Duration.ofMillis(10);

    private final FleetSettings settings;
    private final ControlLog control;
    private final SwitchParticipant gateway;
    private final ReplicationDrain drain;
    private final ElaMetrics metrics;
    private final FleetView view;
    private final String run = UUID.randomUUID().toString();
    private final Map<Long, Long> beatsSent = new ConcurrentHashMap<>();
    private final OneSwitchAtATime switches = new OneSwitchAtATime();
    private final Thread loop;
    private volatile boolean running = true;
    /** Why the loop stopped for good; writes are refused from then on. */
    private volatile String failure;
    private volatile String controlError;
    private volatile boolean leased;
    private volatile long leaseUntilNanos;
    private long beat;
    private long nextBeatNanos = System.nanoTime();
    private boolean seeded;
    private boolean ahead;
    // this gateway's part in the switch being prepared (loop thread)
    private boolean holding;
    private volatile String held;
    private volatile boolean acked;
    private volatile boolean drained;
    private long heldSinceNanos;
    private boolean gaveUp;

    public FleetMember(FleetSettings settings, ControlLog control, SwitchParticipant gateway, ReplicationDrain drain,
                       ElaMetrics metrics) {
        this.settings = settings;
        this.control = control;
        this.gateway = gateway;
        this.drain = drain;
        this.metrics = metrics;
        this.view = new FleetView(settings.grace().toNanos());
        this.loop = new Thread(this::run, "ela-fleet");
        this.loop.setDaemon(true);
    }

    public FleetMember start() {
        loop.start();
        return this;
    }

    private void run() {
        try {
            while (running) {
                step();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            if (running) {
                failure = t.toString();
                log.error("fleet: the control loop stopped; writes are refused until the gateway is restarted", t);
            }
        }
    }

    private void step() throws InterruptedException, IOException {
        List<ControlRecord> records;
        try {
            records = control.poll(POLL);
        } catch (IOException | RuntimeException e) {
            unreachable(e);
            TimeUnit.MILLISECONDS.sleep(POLL.toMillis());
            records = List.of();
        }
        long now = System.nanoTime();
        for (ControlRecord r : records) {
            view.apply(r, now);
            if (r.key().equals(Heartbeat.PREFIX + settings.instance()) && r.value() != null) {
                readBack(Heartbeat.fromJson(r.value()));
            }
        }
        if (leaseUntilNanos - now > 0) {
            // judged only on a view read up to date: a gateway cut off sees everyone expire
            view.prune(now).forEach(id -> publish(Heartbeat.PREFIX + id, null));
        }
        FleetRoles roles = view.roles();
        if (view.takeInvalidRead()) {
            publish(FleetView.ROLES, roles.toJson()); // the latest value must be the state again, see FleetView
        }
        if (roles == null && leased && !seeded) {
            seeded = true; // the log was read through (our own beat came back) and holds no roles: the first gateway
            publish(FleetView.ROLES, FleetRoles.initial(gateway.rolesState()).toJson());
        }
        if (roles != null) {
            takePart(roles, now);
        }
        if (now - nextBeatNanos >= 0) {
            beat(now);
        }
    }

    /** A heartbeat of this run read back: the lease runs from when it was sent. */
    private void readBack(Heartbeat hb) {
        if (!run.equals(hb.run())) {
            return;
        }
        Long sent = beatsSent.remove(hb.beat());
        if (sent != null) {
            leaseUntilNanos = sent + settings.lease().toNanos();
            leased = true;
            if (controlError != null) {
                log.info("fleet: the control log answers again; writes are accepted");
                controlError = null;
            }
        }
        beatsSent.keySet().removeIf(b -> b < hb.beat());
    }

    private void takePart(FleetRoles roles, long now) throws InterruptedException, IOException {
        RolesState local = gateway.rolesState();
        Pending p = roles.pending();
        if (p != null && local.epoch() == roles.committed().epoch()) {
            prepare(p, roles, now);
            return;
        }
        if (local.epoch() > roles.committed().epoch()) {
            // writes are refused (writeRefusal compares the epochs): roles never go back to an older epoch
            if (!ahead) {
                ahead = true;
                log.error("fleet: this gateway's roles (epoch {}) are ahead of the fleet's ({}); it takes no writes"
                        + " until an operator resolves it", local.epoch(), roles.committed().epoch());
            }
            return;
        }
        if (!local.equals(roles.committed())) {
            if (!gateway.hold(settings.lease())) {
                return; // writes still in flight: they keep their epoch; adopt at the next step
            }
            holding = true;
            gateway.adopt(roles.committed());
        }
        if (holding) {
            holding = false;
            if (held != null) {
                metrics.writesHeld(TimeUnit.NANOSECONDS.toMillis(now - heldSinceNanos));
            }
            held = null;
            acked = false;
            drained = false;
            gateway.resume();
            nextBeatNanos = now;
        }
    }

    private void prepare(Pending p, FleetRoles roles, long now) throws InterruptedException {
        if (!p.nonce().equals(held)) {
            log.info("fleet: holding writes for the switch to master {} (epoch {}) asked by {}", p.master(), p.epoch(),
                    p.by());
            held = p.nonce();
            heldSinceNanos = now;
            acked = false;
            drained = false;
            gaveUp = false;
        }
        holding = true;
        if (!acked) {
            acked = gateway.hold(STEP);
            nextBeatNanos = acked ? now : nextBeatNanos;
        } else if (!drained) {
            drained = drain.awaitDrained(STEP);
            nextBeatNanos = drained ? now : nextBeatNanos;
        }
        long patience = TimeUnit.MILLISECONDS.toNanos(p.timeoutMs()) + settings.lease().toNanos()
                + settings.grace().toNanos();
        if (!gaveUp && now - heldSinceNanos > patience) {
            // the coordinator is gone or cut off: abort in the log, which orders this against a late commit
            gaveUp = true;
            publish(FleetView.ROLES, roles.abortedNow(settings.instance() + " held writes for longer than the"
                    + " switch's timeout without seeing its end").toJson());
        }
    }

    private void beat(long now) {
        nextBeatNanos = now + settings.heartbeat().toNanos();
        beat++;
        beatsSent.put(beat, now);
        beatsSent.values().removeIf(sent -> now - sent > settings.lease().toNanos());
        Heartbeat hb = new Heartbeat(settings.instance(), settings.address(), gateway.rolesState().epoch(),
                settings.lease().toMillis(), run, beat, acked ? held : null, acked && drained);
        publish(hb.key(), hb.toJson());
    }

    private void publish(String key, JsonNode value) {
        control.append(key, value).whenComplete((ok, e) -> {
            if (e != null) {
                unreachable(e);
            }
        });
    }

    private void unreachable(Throwable e) {
        if (controlError == null) {
            log.warn("fleet: the control log cannot be reached ({}); writes are refused once the lease lapses", e.toString());
        }
        controlError = e.toString();
    }

    @Override
    public String writeRefusal() {
        return refusal(false);
    }

    @Override
    public String admissionRefusal() {
        return refusal(true);
    }

    /** @param arriving a write only arriving: a committed switch not taken yet holds it (in the gate) rather than refuses it */
    private String refusal(boolean arriving) {
        if (failure != null) {
            return "this gateway's fleet control loop stopped (" + failure + ")";
        }
        if (!running) {
            return "this gateway is leaving the fleet";
        }
        if (!leased) {
            return "this gateway has not joined the fleet yet: its lease on the control log is not confirmed";
        }
        long lapsed = System.nanoTime() - leaseUntilNanos;
        if (lapsed > 0) {
            return "this gateway cannot reach the fleet's control log (its lease lapsed "
                    + TimeUnit.NANOSECONDS.toMillis(lapsed) + " ms ago" + (controlError == null ? "" : ": " + controlError)
                    + "); a write now could reach a master the other gateways switched away from";
        }
        FleetRoles roles = view.roles();
        if (roles == null) {
            return "the fleet's roles are not known yet";
        }
        long local = gateway.rolesState().epoch();
        if (local != roles.committed().epoch() && !(arriving && local < roles.committed().epoch())) {
            return "switch epoch " + roles.committed().epoch() + " is committed but not taken by this gateway yet";
        }
        return null;
    }

    /** Waits until this gateway may take writes (it read its lease back and took the fleet's roles); false if not. */
    public boolean awaitJoined(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (writeRefusal() != null) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(STEP.toMillis());
        }
        return true;
    }

    @Override
    public SwitchResult requestSwitch(String newMaster, Duration timeout) throws InterruptedException {
        return switches.run(() -> coordinate(newMaster, timeout), () -> refused("another master switch is in progress"));
    }

    private SwitchResult coordinate(String newMaster, Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        String refusal = writeRefusal();
        FleetRoles roles = view.roles();
        if (refusal != null || roles == null) {
            return refused("this gateway cannot coordinate a switch: " + refusal);
        }
        RolesState was = roles.committed();
        if (was.master().equals(newMaster)) {
            return new SwitchResult(true, was.master(), was.slave(), "already the master", 0);
        }
        if (!was.slave().equals(newMaster)) {
            return refused("'" + newMaster + "' is neither the master nor the slave");
        }
        if (roles.pending() != null) {
            return refused("another master switch is in progress (asked by " + roles.pending().by() + ")");
        }
        Pending p = new Pending(was.epoch() + 1, newMaster, was.master(), UUID.randomUUID().toString(),
                settings.instance(), timeout.toMillis());
        control.append(FleetView.ROLES, roles.preparing(p).toJson());
        FleetRoles prepared = awaitRoles(r -> r.pending() != null || r.committed().epoch() != was.epoch(), deadline);
        if (prepared == null || prepared.pending() == null || !prepared.pending().nonce().equals(p.nonce())) {
            return refused(prepared == null ? "the control log did not show the prepared switch within " + timeout
                    : "another master switch is in progress");
        }
        String reason = awaitHeldAndDrained(p, deadline, timeout);
        // the commit is never sent after the deadline: a gateway giving up waits longer than it (see prepare)
        FleetRoles end = reason == null && System.nanoTime() - deadline < 0 ? prepared.committedNow()
                : prepared.abortedNow(reason == null ? "timed out at the commit" : reason);
        control.append(FleetView.ROLES, end.toJson());
        FleetRoles after = awaitRoles(r -> p.nonce().equals(r.lastNonce()),
                System.nanoTime() + settings.lease().toNanos());
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        boolean committed = after != null && "committed".equals(after.lastResult());
        metrics.switched(committed, took);
        if (after == null) {
            return new SwitchResult(false, was.master(), was.slave(), "the end of the switch did not show in the"
                    + " control log in time: its outcome is in /_ela/status", took);
        }
        if (committed) {
            awaitTaken(p.epoch(), System.nanoTime() + settings.lease().toNanos()); // so that the answer shows it
            log.info("fleet: master switched to {} (epoch {}) in {} ms", newMaster, p.epoch(), took);
            return new SwitchResult(true, newMaster, was.master(), "switched", took);
        }
        log.warn("fleet: master switch to {} aborted: {}", newMaster, after.reason());
        return new SwitchResult(false, was.master(), was.slave(), after.reason(), took);
    }

    /** Null once every live gateway held its writes and drained, and the slave has everything; else why not. */
    private String awaitHeldAndDrained(Pending p, long deadline, Duration timeout) throws InterruptedException {
        while (true) {
            long now = System.nanoTime();
            List<String> waiting = new ArrayList<>();
            for (FleetView.Seen s : view.members()) {
                Heartbeat hb = s.heartbeat();
                boolean done = p.nonce().equals(hb.held()) && hb.drained();
                if (!done && !s.expired(now, settings.grace().toNanos())) {
                    waiting.add(hb.id() + (p.nonce().equals(hb.held()) ? " (held, draining)" : " (writes not held)"));
                }
            }
            long left = deadline - now;
            if (waiting.isEmpty() && drain.awaitDrained(Duration.ofNanos(Math.max(0, Math.min(left, 100_000_000))))) {
                return null;
            }
            if (left <= 0) {
                return "not every gateway held its writes and drained them to the slave within " + timeout
                        + (waiting.isEmpty() ? " (the slave has not applied the log)" : ": waiting for " + waiting);
            }
            TimeUnit.MILLISECONDS.sleep(STEP.toMillis());
        }
    }

    private void awaitTaken(long epoch, long deadline) throws InterruptedException {
        while (gateway.rolesState().epoch() < epoch && System.nanoTime() - deadline < 0) {
            TimeUnit.MILLISECONDS.sleep(STEP.toMillis());
        }
    }

    private FleetRoles awaitRoles(Predicate<FleetRoles> shown, long deadline) throws InterruptedException {
        while (true) {
            FleetRoles r = view.roles();
            if (r != null && shown.test(r)) {
                return r;
            }
            if (System.nanoTime() - deadline > 0) {
                return null;
            }
            TimeUnit.MILLISECONDS.sleep(STEP.toMillis());
        }
    }

    private SwitchResult refused(String reason) {
        RolesState local = gateway.rolesState();
        return new SwitchResult(false, local.master(), local.slave(), reason, 0);
    }

    @Override
    public ObjectNode status() {
        FleetRoles roles = view.roles();
        ObjectNode json = Json.object().put("instance", settings.instance());
        json.put("write_refusal", writeRefusal());
        if (roles != null) {
            json.set("roles", roles.toJson());
        }
        long now = System.nanoTime();
        ArrayNode instances = json.putArray("instances");
        for (FleetView.Seen s : view.members()) {
            Heartbeat hb = s.heartbeat();
            instances.addObject().put("id", hb.id()).put("address", hb.address()).put("epoch", hb.epoch())
                    .put("last_seen_ms", TimeUnit.NANOSECONDS.toMillis(now - s.readNanos()))
                    .put("lease", s.expired(now, settings.grace().toNanos()) ? "expired" : "live")
                    .put("held", hb.held());
        }
        json.set("lag", drain.lag());
        return json;
    }

    /**
     * Leaves the fleet: a last heartbeat with a lease of 0 says so (a switch then does not wait for its lease to
     * expire), and its key is deleted so that compaction drops it.
     */
    @Override
    public void close() {
        running = false; // the loop ends within a poll: interrupting it would interrupt the Kafka client too
        try {
            loop.join(5000);
            Heartbeat gone = new Heartbeat(settings.instance(), settings.address(), gateway.rolesState().epoch(), 0,
                    run, beat + 1, null, false);
            control.append(gone.key(), gone.toJson());
            control.append(gone.key(), null).get(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.info("fleet: could not say goodbye on the control log ({}); the others wait for the lease instead",
                    e.toString());
        }
        control.close();
        drain.close();
    }
}
