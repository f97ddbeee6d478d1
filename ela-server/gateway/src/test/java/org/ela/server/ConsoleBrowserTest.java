package org.ela.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.ela.core.local.EsVersions;
import org.ela.core.local.Http;
import org.junit.jupiter.api.Test;

/**
 * The migration console in a real headless Chromium, over a real gateway and clusters: it shows master and slave
 * with their versions, draws its chart, and its switch button flips the roles after a confirmation.
 */
class ConsoleBrowserTest {
    private static final String USER = "operator";
    private static final String PASSWORD = "console-Pa55";

    @Test
    void showsTheClustersAndSwitchesTheMaster() throws Exception {
        assumeTrue(Chromium.installed(), "chromium is not installed (apt-get install chromium)");
        try (GatewayServer gateway = ObservedGateway.start(USER, PASSWORD);
             Chromium browser = new Chromium(1280, 900)) {
            Http app = new Http("http://127.0.0.1:" + gateway.port(), USER, PASSWORD);
            for (int i = 0; i < 20; i++) {
                app.put("/console/doc/" + i, "{\"n\":" + i + "}");
            }
            // the browser answers the basic-auth challenge with these, as a person would in its prompt
            browser.headers(Map.of("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8))));
            browser.navigate("http://127.0.0.1:" + gateway.port() + "/_ela/");
            assertThat(browser.await("document.getElementById('slave-version')?.textContent.includes('8.19.3')",
                    Duration.ofSeconds(20))).as("status rendered").isTrue();
            for (int i = 20; i < 40; i++) {
                app.put("/console/doc/" + i, "{\"n\":" + i + "}");
                Thread.sleep(100);
            }
            assertThat(browser.await("points.length >= 3", Duration.ofSeconds(20))).as("chart has points").isTrue();
            assertThat(browser.text("document.getElementById('master-name').textContent")).isEqualTo("es5");
            assertThat(browser.text("document.getElementById('master-version').textContent")).contains(EsVersions.ES5);
            assertThat(browser.text("document.getElementById('slave-name').textContent")).isEqualTo("es8");
            assertThat(browser.text("document.getElementById('shadow').textContent")).isEqualTo("not enabled");
            assertThat(browser.text("document.getElementById('switch').textContent")).isEqualTo("Make es8 the master");
            Path before = Path.of("target", "console", "console.png");
            browser.screenshot(before);
            assertNotBlank(before);

            // a person confirms the dialog; here confirm() answers yes and counts that it was asked
            browser.eval("window.asked = 0; window.confirm = () => { window.asked++; return true; };"
                    + " document.getElementById('switch').click(); true");
            assertThat(browser.await("document.getElementById('progress').textContent.startsWith('switched in')",
                    Duration.ofSeconds(60))).as(browser.text("document.getElementById('progress').textContent")).isTrue();
            assertThat(browser.eval("window.asked").asInt()).isEqualTo(1);
            assertThat(gateway.dispatcher().roles().master().name()).isEqualTo("es8");
            assertThat(browser.await("document.getElementById('master-name').textContent === 'es8'",
                    Duration.ofSeconds(10))).isTrue();
            assertThat(browser.text("document.getElementById('master-version').textContent")).contains(EsVersions.ES8);
            Path after = Path.of("target", "console", "console-switched.png");
            browser.screenshot(after);
            assertNotBlank(after);
        }
    }

    /** Decoded, the picture has many colours and is not mostly white: something was drawn. */
    private static void assertNotBlank(Path png) throws Exception {
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(1280);
        Set<Integer> colours = new HashSet<>();
        long notWhite = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y) & 0xffffff;
                colours.add(rgb);
                if (rgb != 0xffffff) {
                    notWhite++;
                }
            }
        }
        assertThat(colours.size()).as("distinct colours in " + png).isGreaterThan(50);
        assertThat(notWhite).as("non-white pixels in " + png).isGreaterThan((long) image.getWidth() * image.getHeight() / 10);
    }
}
