package org.ela.core.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.ela.core.dispatch.RolesState;
import org.ela.core.dispatch.SwitchParticipant;
import org.ela.core.dispatch.SwitchResult;
import org.ela.core.fleet.ControlLog.ControlRecord;
import org.ela.core.fleet.FleetRoles.Pending;
import org.ela.core.metrics.ElaMetrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The switch protocol of a fleet, on an in-memory control log, with fake gateways and a fake drain. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FleetProtocolTest {
    private static final Duration LEASE = Duration.ofMillis(400);
    private static final RolesState OLD_MASTER = new RolesState("old", "new", 0);

    private final InMemoryControlLog log = new InMemoryControlLog();
    /** Every gateway's holds and flips, in the order they happened. */
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final List<Instance> instances = new ArrayList<>();

    @AfterEach
    void leave() {
        instances.forEach(i -> i.member.close());
    }

    @Test
    void aSwitchAskedAtOneGatewayRunsOnAllAndNoneFlipsBeforeAllHeld() throws Exception {
        Instance a = join("a");
        Instance b = join("b");
        Instance c = join("c");
        awaitWritable(a, b, c);

        SwitchResult there = b.member.requestSwitch("new", Duration.ofSeconds(10));
        assertThat(there.switched()).as(there.reason()).isTrue();
        awaitWritable(a, b, c);
        for (Instance i : List.of(a, b, c)) {
            assertThat(i.gateway.roles).isEqualTo(new RolesState("new", "old", 1));
        }
        int firstFlip = events.indexOf(events.stream().filter(e -> e.startsWith("adopt")).findFirst().orElseThrow());
        assertThat(events.subList(0, firstFlip)).as("every gateway held before any flipped")
                .contains("hold a", "hold b", "hold c");

        SwitchResult back = c.member.requestSwitch("old", Duration.ofSeconds(10));
        assertThat(back.switched()).as(back.reason()).isTrue();
        awaitWritable(a, b, c);
        assertThat(a.gateway.roles).isEqualTo(new RolesState("old", "new", 2));
    }

    @Test
    void aSwitchThatCannotDrainIsAbortedAndEveryGatewayResumesOnTheOldEpoch() throws Exception {
        Instance a = join("a");
        Instance b = join("b");
        b.drained = false;
        awaitWritable(a, b);

        SwitchResult result = a.member.requestSwitch("new", Duration.ofMillis(700));

        assertThat(result.switched()).isFalse();
        assertThat(result.reason()).contains("b (held, draining)");
        awaitWritable(a, b);
        assertThat(a.gateway.roles).isEqualTo(OLD_MASTER);
        assertThat(b.gateway.roles).isEqualTo(OLD_MASTER);
        assertThat(a.gateway.held || b.gateway.held).as("writes resumed").isFalse();
    }

    @Test
    void aGatewayCutFromTheControlLogRefusesWritesAndTheSwitchWaitsForItsLeaseToLapse() throws Exception {
        Instance a = join("a");
        Instance b = join("b");
        Instance c = join("c");
        awaitWritable(a, b, c);

        c.connection.cut = true;
        long cutAt = System.nanoTime();
        SwitchResult result = a.member.requestSwitch("new", Duration.ofSeconds(10));

        assertThat(result.switched()).as(result.reason()).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - cutAt)).as("the coordinator waited for c's lease")
                .isGreaterThan(LEASE);
        assertThat(c.member.writeRefusal()).contains("cannot reach the fleet's control log");
        assertThat(c.gateway.roles).as("c never flipped on its own").isEqualTo(OLD_MASTER);
        assertThat(b.member.writeRefusal()).isNull();

        c.connection.cut = false;
        awaitWritable(c);
        assertThat(c.gateway.roles).as("back, c takes the fleet's roles first").isEqualTo(new RolesState("new", "old", 1));
    }

    @Test
    void theCoordinatorTimesTheSwitchAndEveryGatewayHowLongItHeldItsWrites() throws Exception {
        Instance a = join("a");
        Instance b = join("b");
        Instance c = join("c");
        awaitWritable(a, b, c);
        c.connection.cut = true; // the coordinator waits for c's lease: the switch takes longer than a lease

        assertThat(a.member.requestSwitch("new", Duration.ofSeconds(10)).switched()).isTrue();
        awaitWritable(a, b);

        Timer switched = a.registry.find("ela.switches").tag("result", "switched").timer();
        assertThat(switched.count()).isEqualTo(1);
        assertThat(switched.totalTime(TimeUnit.MILLISECONDS)).as("the coordinator's switch").isGreaterThan(LEASE.toMillis());
        assertThat(b.registry.find("ela.switches").tag("result", "switched").timer().count())
                .as("only the coordinator times the switch").isZero();
        for (Instance i : List.of(a, b)) {
            Timer held = i.registry.find("ela.switch.writes.held").timer();
            assertThat(held.count()).isEqualTo(1);
            assertThat(held.totalTime(TimeUnit.MILLISECONDS)).as(i.gateway.id + " held its writes")
                    .isGreaterThan(LEASE.toMillis() / 2);
        }
    }

    @Test
    void aGatewayKilledWithoutLeavingIsDroppedAfterTenLeasesAndItsKeyDeleted() throws Exception {
        Instance a = join("a");
        Instance b = join("b");
        Instance dead = join("dead");
        awaitWritable(a, b, dead);
        dead.connection.cut = true; // as killed: it never says goodbye
        await(() -> lease(a, "dead").equals("expired"));

        long expiredAt = System.nanoTime();
        await(() -> lease(a, "dead").isEmpty() && lease(b, "dead").isEmpty());
        assertThat(Duration.ofNanos(System.nanoTime() - expiredAt)).as("listed as expired for a while")
                .isGreaterThan(LEASE.multipliedBy(FleetView.PRUNE_AFTER_LEASES - 3));
        assertThat(lastValue("instance/dead")).as("its key deleted, for compaction to drop").isNull();
        Instance joiner = join("joiner"); // reads the dead gateway's beats, then their deletion
        awaitWritable(joiner);
        await(() -> lease(joiner, "dead").isEmpty());
    }

    @Test
    void aDeletedKeyOfAGatewayWhoseLeaseRunsDoesNotLetASwitchSkipIt() throws Exception {
        Instance a = join("a");
        Instance b = join("b");
        awaitWritable(a, b);

        b.connection.cut = true;
        long cutAt = System.nanoTime();
        log.connect().append("instance/b", null); // written by a gateway that judged on an older view
        SwitchResult result = a.member.requestSwitch("new", Duration.ofSeconds(10));

        assertThat(result.switched()).as(result.reason()).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - cutAt)).as("the coordinator waited for b's lease")
                .isGreaterThan(LEASE);
    }

    @Test
    void aGatewayThatLeavesIsDroppedAtOnceAndItsKeyDeleted() throws Exception {
        Instance a = join("a");
        Instance b = join("b");
        awaitWritable(a, b);

        long leftAt = System.nanoTime();
        b.member.close();
        await(() -> lease(a, "b").isEmpty());

        assertThat(Duration.ofNanos(System.nanoTime() - leftAt)).isLessThan(LEASE);
        assertThat(lastValue("instance/b")).isNull();
    }

    @Test
    void aGatewayTakesNoWriteBeforeItReadItsOwnLeaseBack() throws Exception {
        Instance a = join("a");
        awaitWritable(a);
        InMemoryControlLog.Connection cut = log.connect();
        cut.cut = true;
        Instance late = join("late", cut);

        TimeUnit.MILLISECONDS.sleep(LEASE.toMillis());
        assertThat(late.member.writeRefusal()).contains("not joined the fleet yet");
        assertThat(a.member.status().path("instances")).hasSize(1);
    }

    @Test
    void aCommitThatComesAfterAnAbortInTheLogIsIgnoredEverywhereAndTheStateRepublished() throws Exception {
        Instance a = join("a");
        awaitWritable(a);
        FleetRoles start = FleetRoles.initial(OLD_MASTER);
        FleetRoles prepared = start.preparing(new Pending(1, "new", "old", "n1", "ghost", 100));
        ControlLog ghost = log.connect();
        ghost.append(FleetView.ROLES, prepared.toJson());
        ghost.append(FleetView.ROLES, prepared.abortedNow("a gateway gave up").toJson());
        ghost.append(FleetView.ROLES, prepared.committedNow().toJson()); // the coordinator's, too late

        await(() -> lastRoles().equals(prepared.abortedNow("a gateway gave up").toJson()));
        assertThat(a.gateway.roles).isEqualTo(OLD_MASTER);
        Instance joiner = join("joiner");
        awaitWritable(joiner);
        assertThat(joiner.gateway.roles).isEqualTo(OLD_MASTER);
    }

    @Test
    void aGatewayHoldingForASwitchWhoseCoordinatorVanishedAbortsItAfterItsTimeout() throws Exception {
        Instance a = join("a");
        awaitWritable(a);
        FleetRoles prepared = FleetRoles.initial(OLD_MASTER).preparing(new Pending(1, "new", "old", "n1", "ghost", 200));
        log.connect().append(FleetView.ROLES, prepared.toJson());
        await(() -> a.gateway.held);

        await(() -> !a.gateway.held);
        assertThat(a.gateway.roles).isEqualTo(OLD_MASTER);
        assertThat(a.member.writeRefusal()).isNull();
        assertThat(lastRoles().path("last").path("result").asText()).isEqualTo("aborted");
    }

    // ------------------------------------------------------------------ fixture

    private Instance join(String id) {
        return join(id, log.connect());
    }

    private Instance join(String id, InMemoryControlLog.Connection connection) {
        Instance i = new Instance(id, connection);
        instances.add(i);
        return i;
    }

    private JsonNode lastRoles() {
        JsonNode roles = lastValue(FleetView.ROLES);
        return roles == null ? NullNode.getInstance() : roles;
    }

    /** The latest value of a key in the log (null if deleted); fails if the log never had it. */
    private JsonNode lastValue(String key) {
        List<ControlRecord> all = log.records();
        for (int k = all.size() - 1; k >= 0; k--) {
            if (all.get(k).key().equals(key)) {
                return all.get(k).value();
            }
        }
        throw new AssertionError("no record of " + key);
    }

    /** {@code live} or {@code expired} as {@code viewer} lists gateway {@code id}; empty if not listed. */
    private static String lease(Instance viewer, String id) {
        for (JsonNode i : viewer.member.status().path("instances")) {
            if (i.path("id").asText().equals(id)) {
                return i.path("lease").asText();
            }
        }
        return "";
    }

    private static void awaitWritable(Instance... all) throws InterruptedException {
        for (Instance i : all) {
            await(() -> i.member.writeRefusal() == null && !i.gateway.held);
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("condition not met in time").isNegative();
            TimeUnit.MILLISECONDS.sleep(10);
        }
    }

    private final class Instance implements ReplicationDrain {
        final FakeGateway gateway;
        final InMemoryControlLog.Connection connection;
        final FleetMember member;
        final SimpleMeterRegistry registry = new SimpleMeterRegistry();
        volatile boolean drained = true;

        Instance(String id, InMemoryControlLog.Connection connection) {
            this.connection = connection;
            this.gateway = new FakeGateway(id);
            this.member = new FleetMember(new FleetSettings(id, id + ":9200", Duration.ofMillis(50), LEASE,
                    Duration.ofMillis(100)), connection, gateway, this, new ElaMetrics(registry)).start();
        }

        @Override
        public boolean awaitDrained(Duration timeout) throws InterruptedException {
            if (!drained) {
                TimeUnit.NANOSECONDS.sleep(timeout.toNanos());
            }
            return drained;
        }

        @Override
        public JsonNode lag() {
            return NullNode.getInstance();
        }
    }

    private final class FakeGateway implements SwitchParticipant {
        final String id;
        volatile RolesState roles = OLD_MASTER;
        volatile boolean held;

        FakeGateway(String id) {
            this.id = id;
        }

        @Override
        public RolesState rolesState() {
            return roles;
        }

        @Override
        public boolean hold(Duration timeout) {
            if (!held) {
                events.add("hold " + id);
            }
            held = true;
            return true;
        }

        @Override
        public void adopt(RolesState next) {
            events.add("adopt " + id + " " + next);
            roles = next;
        }

        @Override
        public void resume() {
            held = false;
        }
    }
}
