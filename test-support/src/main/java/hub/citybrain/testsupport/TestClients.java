package hub.citybrain.testsupport;

import java.time.Duration;

import org.springframework.test.web.reactive.server.WebTestClient;

/** Test web clients for an application started on a local port; the timeout is generous, the machine is shared. */
public final class TestClients {

    public static final Duration TIMEOUT = Duration.ofSeconds(15);

    private TestClients() {
    }

    public static WebTestClient local(int port) {
        return local(port, TIMEOUT);
    }

    public static WebTestClient local(int port, Duration timeout) {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(timeout).build();
    }
}
