package hub.citybrain.testsupport;

import java.io.IOException;
import java.net.ServerSocket;

/** Local ports for servers a test starts later at an address the application under test already knows. */
public final class Ports {

    private Ports() {
    }

    /** A port that was free a moment ago. */
    public static int free() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
