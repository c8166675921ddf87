package hub.citybrain.sharing.query;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static hub.citybrain.sharing.query.PolicyMother.resource;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * A stand-in source system for a test class ({@code @RegisterExtension static final}): started before the class with
 * one call already made, stopped after it, its stubs and journal cleared before each test. The first call in a JVM
 * pays for Netty's event loops and resolver; the warm-up keeps that out of the tests' time budgets.
 */
final class WarmSource extends WireMockServer implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {

    /** The class that started it; a @Nested class inherits the extension and must neither restart nor stop it. */
    private Class<?> owner;

    WarmSource() {
        super(options().dynamicPort().bindAddress("127.0.0.1"));
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (owner != null) {
            return;
        }
        owner = context.getRequiredTestClass();
        start();
        stubFor(get(urlPathMatching("/warm-up")).willReturn(okJson("{}")));
        SourceClientTest.client(SourceResilienceProperties.defaults(), new SimpleMeterRegistry())
                .fetch(new Plan.SourceCall(resource("res-warm-up").field("x").at(baseUrl()).path("/warm-up")
                        .timeoutMs(10_000).build(), List.of("x"), List.of()), "x").block(Duration.ofSeconds(15));
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        resetAll();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (context.getRequiredTestClass() == owner) {
            stop();
        }
    }
}
