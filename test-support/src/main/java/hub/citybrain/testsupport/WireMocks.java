package hub.citybrain.testsupport;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;

/** Stand-in HTTP servers (source systems, an identity provider's JWKS endpoint, backends behind the gateway). */
public final class WireMocks {

    private WireMocks() {
    }

    /** A WireMock server on a free loopback port, already started. */
    public static WireMockServer started() {
        WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        return server;
    }
}
