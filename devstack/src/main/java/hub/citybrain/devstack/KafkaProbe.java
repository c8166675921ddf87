package hub.citybrain.devstack;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Exits 0 when the broker at the given bootstrap address answers a metadata request with a controller
 * elected, 1 otherwise. An open port alone is not enough: a KRaft broker listens before it can serve.
 */
public final class KafkaProbe {

    private KafkaProbe() {
    }

    public static void main(String[] args) {
        String bootstrap = args.length > 0 ? args[0] : "127.0.0.1:9092";
        System.exit(ready(bootstrap, 5_000) ? 0 : 1);
    }

    static boolean ready(String bootstrap, int timeoutMs) {
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
        try (Admin admin = Admin.create(config)) {
            var cluster = admin.describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMs));
            return !cluster.nodes().get(timeoutMs, TimeUnit.MILLISECONDS).isEmpty()
                    && cluster.controller().get(timeoutMs, TimeUnit.MILLISECONDS) != null;
        } catch (Exception e) {
            System.err.println("kafka not ready at " + bootstrap + ": " + e);
            return false;
        }
    }
}
