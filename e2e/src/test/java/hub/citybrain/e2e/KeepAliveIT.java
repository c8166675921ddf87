package hub.citybrain.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A refusal written before a request's body was read must not stall the connection it came on. Reactor Netty
 * 1.3.6 buffered the next keep-alive request behind such a response and then never read it again (no idle timeout
 * either), so one request in a hundred on a pooled connection waited forever (docs/known-limits.md). A pooled
 * client hides this by retrying or opening another connection; a raw socket does not: every request here goes on
 * one connection, sent the moment the previous answer arrived, and every answer must come within 5 s.
 *
 * <p>A server may answer an unread POST with {@code connection: close} (Reactor Netty 1.3.8 does): that is
 * correct HTTP, so the client then expects the close and carries on over a new connection.
 */
@ExtendWith(EmbeddedStack.class)
@DisplayName("Keep-alive connections never stall after an early refusal")
class KeepAliveIT {

    static final int ANSWER_WITHIN_MS = 5_000;
    static final int ROUNDS = 100;
    static final String READINESS = "/readyz";
    static final String QUERY = """
            {"subjectType":"PERSON","subjectKey":"%s","fields":["name"],"purpose":"SUBSISTENCE_REVIEW"}"""
            .formatted(hub.citybrain.devstack.world.DemoWorld.SHOWCASE_ID_NUMBER);
    /** Larger than a socket read, so that the refusal is certainly written before the body has been read. */
    static final String LARGE_QUERY = QUERY.replace("}", ",\"padding\":\"" + "x".repeat(256 * 1024) + "\"}");

    /** The two services that answer queries (a client reaches one through the gateway), with a path needing a token. */
    static Stream<Arguments> queryServices() {
        return Stream.of(Arguments.of("gateway", EmbeddedStack.GATEWAY, "/api/v1/catalog/resources"),
                Arguments.of("sharing service", EmbeddedStack.SHARING, "/api/v1/metrics/burden"));
    }

    @ParameterizedTest(name = "{0}: 401, 403, a query and readiness, 100 rounds on one connection")
    @MethodSource("queryServices")
    void shouldAnswerEveryRequestOnOneConnection(String service, int port, String tokenOnlyPath) throws Exception {
        String query = Tokens.clientCredentials("gaoyou.civil-affairs");
        String noRole = Tokens.auditor();
        assertEveryAnswerArrives(port, List.of(
                post("/api/v1/queries", null, QUERY, 401),
                post("/api/v1/queries", null, LARGE_QUERY, 401),
                post("/api/v1/queries", noRole, QUERY, 403),
                post("/api/v1/queries", query, QUERY, 200),
                get(READINESS, null, 200)));
    }

    @ParameterizedTest(name = "{0}: a query, a 401 and readiness pipelined, 100 rounds on one connection")
    @MethodSource("queryServices")
    void shouldAnswerPipelinedRequests(String service, int port, String tokenOnlyPath) throws Exception {
        String query = Tokens.clientCredentials("gaoyou.civil-affairs");
        assertPipelinedAnswersArrive(port, List.of(
                post("/api/v1/queries", query, QUERY, 200),
                get(tokenOnlyPath, null, 401),
                get(READINESS, null, 200)));
    }

    @Test
    @DisplayName("registry: 401, 403, a catalog read and readiness, 100 rounds on one connection")
    void shouldAnswerEveryRequestOnOneConnectionAtTheRegistry() throws Exception {
        String department = Tokens.clientCredentials("gaoyou.civil-affairs");
        String registration = """
                {"code":"keepalive.probe","name":{"zh":"探针","en":"Probe"},"level":"COUNTY","region":"321084","kind":"CONSUMER"}""";
        assertEveryAnswerArrives(EmbeddedStack.REGISTRY, List.of(
                post("/api/v1/departments", null, registration, 401),
                post("/api/v1/departments", null, LARGE_QUERY, 401),
                post("/api/v1/departments", department, registration, 403),
                get("/api/v1/catalog/resources", department, 200),
                get(READINESS, null, 200)));
    }

    @Test
    @DisplayName("registry: a catalog read, a 401 and readiness pipelined, 100 rounds on one connection")
    void shouldAnswerPipelinedRequestsAtTheRegistry() throws Exception {
        String department = Tokens.clientCredentials("gaoyou.civil-affairs");
        assertPipelinedAnswersArrive(EmbeddedStack.REGISTRY, List.of(
                get("/api/v1/catalog/resources", department, 200),
                get("/api/v1/agreements", null, 401),
                get(READINESS, null, 200)));
    }

    record Step(String method, String path, String token, String body, int expected) {
    }

    static Step post(String path, String token, String body, int expected) {
        return new Step("POST", path, token, body, expected);
    }

    static Step get(String path, String token, int expected) {
        return new Step("GET", path, token, null, expected);
    }

    /** Runs the steps ROUNDS times over as few connections as the server allows; fails on the first late answer. */
    static void assertEveryAnswerArrives(int port, List<Step> steps) throws IOException {
        List<String> log = new ArrayList<>();
        int connections = 1;
        Socket socket = open(port);
        try {
            for (int round = 1; round <= ROUNDS; round++) {
                for (Step step : steps) {
                    write(socket, step, port);
                    Answer answer;
                    try {
                        answer = read(socket.getInputStream());
                    } catch (SocketTimeoutException e) {
                        throw new AssertionError("round " + round + ": " + step.method() + " " + step.path()
                                + " got no answer within " + ANSWER_WITHIN_MS + " ms on connection " + connections
                                + " (after " + log.size() + " answers: " + tail(log) + ")", e);
                    }
                    log.add(step.method() + " " + step.path() + " -> " + answer.status()
                            + (answer.closes() ? " (close)" : ""));
                    assertThat(answer.status()).as("round %d: %s %s", round, step.method(), step.path())
                            .isEqualTo(step.expected());
                    if (answer.closes()) {
                        assertThat(closedWithinLimit(socket)).as("the server said close; it must close").isTrue();
                        socket.close();
                        socket = open(port);
                        connections++;
                    }
                }
            }
        } finally {
            socket.close();
        }
        int requests = ROUNDS * steps.size();
        System.out.printf(Locale.ROOT, "keep-alive probe on :%d: %d requests over %d connections%n", port, requests,
                connections);
    }

    /**
     * Sends each round's requests at once (HTTP/1.1 pipelining), so that the later ones certainly arrive while the
     * first is still being answered, the window a fast sequential client only hits now and then. The answers must
     * come back in order, each within the limit.
     */
    static void assertPipelinedAnswersArrive(int port, List<Step> steps) throws IOException {
        List<String> log = new ArrayList<>();
        try (Socket socket = open(port)) {
            for (int round = 1; round <= ROUNDS; round++) {
                for (Step step : steps) {
                    write(socket, step, port);
                }
                for (Step step : steps) {
                    Answer answer;
                    try {
                        answer = read(socket.getInputStream());
                    } catch (SocketTimeoutException e) {
                        throw new AssertionError("round " + round + ": pipelined " + step.method() + " " + step.path()
                                + " got no answer within " + ANSWER_WITHIN_MS + " ms (after " + log.size()
                                + " answers: " + tail(log) + ")", e);
                    }
                    log.add(step.method() + " " + step.path() + " -> " + answer.status());
                    assertThat(answer.status()).as("round %d: %s %s", round, step.method(), step.path())
                            .isEqualTo(step.expected());
                    assertThat(answer.closes()).as("a bodyless or fully read request keeps the connection").isFalse();
                }
            }
        }
    }

    private static String tail(List<String> log) {
        return String.join("; ", log.subList(Math.max(0, log.size() - 6), log.size()));
    }

    private static Socket open(int port) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(ANSWER_WITHIN_MS);
        socket.setTcpNoDelay(true);
        return socket;
    }

    private static void write(Socket socket, Step step, int port) throws IOException {
        byte[] body = step.body() == null ? new byte[0] : step.body().getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder()
                .append(step.method()).append(' ').append(step.path()).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:").append(port).append("\r\n")
                .append("Accept: application/json, application/problem+json\r\n");
        if (step.token() != null) {
            head.append("Authorization: Bearer ").append(step.token()).append("\r\n");
        }
        if (step.body() != null) {
            head.append("Content-Type: application/json\r\n").append("Content-Length: ").append(body.length)
                    .append("\r\n");
        }
        head.append("\r\n");
        OutputStream out = socket.getOutputStream();
        out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
        try {
            out.write(body);
        } catch (IOException closedWhileSending) {
            // the server refused early and closed its side before the whole body went out; the answer is read next
        }
        out.flush();
    }

    record Answer(int status, Map<String, String> headers) {
        boolean closes() {
            return "close".equalsIgnoreCase(headers.getOrDefault("connection", ""));
        }
    }

    /** One HTTP/1.1 response: status line, headers, then a Content-Length or chunked body. */
    private static Answer read(InputStream in) throws IOException {
        String statusLine = line(in);
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            int colon = header.indexOf(':');
            headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
        }
        if (headers.containsKey("content-length")) {
            in.readNBytes(Integer.parseInt(headers.get("content-length")));
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            for (int size = Integer.parseInt(line(in).split(";")[0].trim(), 16); size > 0;
                    size = Integer.parseInt(line(in).split(";")[0].trim(), 16)) {
                in.readNBytes(size);
                line(in);
            }
            for (String trailer = line(in); !trailer.isEmpty(); trailer = line(in)) {
                // trailers are not used by the hub
            }
        }
        return new Answer(status, headers);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed mid-answer");
            }
            if (b != '\r') {
                bytes.write(b);
            }
        }
        return bytes.toString(StandardCharsets.ISO_8859_1);
    }

    private static boolean closedWithinLimit(Socket socket) throws IOException {
        try {
            InputStream in = socket.getInputStream();
            while (in.read() >= 0) {
                // drain what the server still sends before its close
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }
}
