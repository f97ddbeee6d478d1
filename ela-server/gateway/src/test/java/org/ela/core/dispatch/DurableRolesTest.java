package org.ela.core.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.ela.core.http.EsRequest;
import org.ela.core.http.EsResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue #9, problem 5: the roles and the switch epoch survive restarts; a switch persists them before writes resume. */
class DurableRolesTest {

    @Test
    void aSwitchPersistsTheNewRolesWhileWritesStillWait() throws Exception {
        AtomicReference<CompletableFuture<EsResponse>> heldWrite = new AtomicReference<>();
        AtomicReference<DispatcherFixture> fixture = new AtomicReference<>();
        RolesStore store = state -> {
            heldWrite.set(fixture.get().dispatcher.dispatch(
                    new EsRequest("PUT", "/i/doc/1", java.util.Map.of(), "application/json", "{}".getBytes())));
            new DurableRoles(fixture.get().dir).save(state);
        };
        try (DispatcherFixture f = new DispatcherFixture("es8", DispatcherFixture::accepting, store)) {
            fixture.set(f);
            SwitchResult r = f.switchTo("es5");
            assertThat(r.switched()).isTrue();
            assertThat(new DurableRoles(f.dir).load()).contains(new RolesState("es5", "es8", 1));
            assertThat(f.dispatcher.epoch()).isEqualTo(1);
            assertThat(heldWrite.get().join().status()).isEqualTo(201);
            assertThat(f.es8.requests).as("the write held during the switch went to the new master").isEmpty();
            assertThat(f.es5.requests).hasSize(1);
        }
    }

    @Test
    void aSwitchWhoseRolesCannotBePersistedIsAbortedAndChangesNothing() throws Exception {
        RolesStore failing = state -> {
            throw new IOException("No space left on device");
        };
        try (DispatcherFixture f = new DispatcherFixture("es8", DispatcherFixture::accepting, failing)) {
            SwitchResult r = f.switchTo("es5");
            assertThat(r.switched()).isFalse();
            assertThat(r.reason()).contains("could not be persisted").contains("No space left");
            assertThat(f.dispatcher.roles().master().name()).isEqualTo("es8");
            assertThat(f.dispatcher.epoch()).isZero();
            assertThat(f.send("PUT", "/i/doc/1", "{}").status()).isEqualTo(201);
            assertThat(f.es8.requests).hasSize(1);
        }
    }

    @Test
    void theFirstStartPersistsTheConfiguredRoles(@TempDir Path dir) throws IOException {
        DurableRoles store = new DurableRoles(dir);
        assertThat(RoleChoice.choose(store, "es5", "es5", "es8", false)).isEqualTo(new RolesState("es5", "es8", 0));
        assertThat(store.load()).contains(new RolesState("es5", "es8", 0));
    }

    @Test
    void persistedRolesWinOverTheConfigurationUnlessTheOperatorSaysOtherwise(@TempDir Path dir) throws IOException {
        DurableRoles store = new DurableRoles(dir);
        store.save(new RolesState("es8", "es5", 3));
        assertThat(RoleChoice.choose(store, "es5", "es5", "es8", false)).isEqualTo(new RolesState("es8", "es5", 3));
        assertThat(RoleChoice.choose(store, "es5", "es5", "es8", true)).isEqualTo(new RolesState("es5", "es8", 4));
        assertThat(store.load()).contains(new RolesState("es5", "es8", 4));
        assertThat(RoleChoice.choose(store, "es5", "es5", "es8", true)).as("nothing to override")
                .isEqualTo(new RolesState("es5", "es8", 4));
    }

    @Test
    void rolesNamingOtherClustersOrUnreadableAreRefusedUnlessTheOperatorSaysOtherwise(@TempDir Path dir) throws IOException {
        DurableRoles store = new DurableRoles(dir);
        store.save(new RolesState("old", "es5", 2));
        assertThatThrownBy(() -> RoleChoice.choose(store, "es5", "es5", "es8", false))
                .hasMessageContaining("--master-from-config");
        Files.writeString(store.file(), "{\"master\":");
        assertThatThrownBy(() -> RoleChoice.choose(store, "es5", "es5", "es8", false))
                .hasMessageContaining("--master-from-config");
        assertThat(RoleChoice.choose(store, "es5", "es5", "es8", true)).isEqualTo(new RolesState("es5", "es8", 0));
    }

    @Test
    void aSaveLeavesNoTemporaryFile(@TempDir Path dir) throws IOException {
        new DurableRoles(dir).save(new RolesState("a", "b", 7));
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("roles.json");
        }
    }
}
