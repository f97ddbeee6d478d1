package org.ela.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The failed-login window and block, on a fake clock. */
class LoginThrottleTest {
    @Test
    void blocksAfterTheFailuresOfOneWindowThenForgets() throws Exception {
        AtomicLong now = new AtomicLong();
        LoginThrottle t = new LoginThrottle(3, Duration.ofSeconds(60), now::get);
        InetAddress a = InetAddress.getByName("10.0.0.1");
        InetAddress b = InetAddress.getByName("10.0.0.2");
        t.failed(a);
        t.failed(a);
        now.addAndGet(Duration.ofSeconds(61).toNanos()); // the window passed: those two no longer count
        t.failed(a);
        t.failed(a);
        assertThat(t.blockedSeconds(a)).isZero();
        t.failed(a);
        assertThat(t.blockedSeconds(a)).isEqualTo(60);
        assertThat(t.blockedSeconds(b)).as("per address").isZero();
        now.addAndGet(Duration.ofSeconds(61).toNanos());
        assertThat(t.blockedSeconds(a)).isZero();
    }
}
