package hub.citybrain.bench;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.Executors;

/** The load generators' HTTP client, one a run: HTTP/1.1 with pooled keep-alive connections, 5 s to connect. */
final class HttpClients {

    private HttpClients() {
    }

    /** Two daemon threads handle the answers, so that a run ends when its main thread does. */
    static HttpClient pooled(String threadName) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newFixedThreadPool(2, r -> {
                    Thread t = new Thread(r, threadName);
                    t.setDaemon(true);
                    return t;
                }))
                .build();
    }
}
