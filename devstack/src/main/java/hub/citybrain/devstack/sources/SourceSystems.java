package hub.citybrain.devstack.sources;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.common.ConsoleNotifier;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import hub.citybrain.devstack.world.DemoWorld;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;

/**
 * The simulated department source systems of the demo world, one WireMock server each on
 * {@code basePort + offset}. The names and offsets are fixed: the demo catalog refers to the systems as
 * {@code ${source:NAME}}, and the launcher and the end-to-end tests count on the ports.
 *
 * <p>A {@code basePort} of 0 gives every system a free port instead (for tests running beside a stack).
 */
public final class SourceSystems implements AutoCloseable {

    private record Definition(String name, String level, String departmentCode, String titleZh, String titleEn,
                              Function<DemoWorld, SubjectRoute> route) {
    }

    /** In offset order: the index is the offset. */
    private static final List<Definition> DEFINITIONS = List.of(
            new Definition("national-population", "NATIONAL", "national.population-registry",
                    "国家人口基础信息库", "National Population Basic Information Database",
                    w -> SubjectRoute.pathSegment("/api/persons/", SourceResponses.nationalPopulation(w))),
            new Definition("jiangsu-market-regulation", "PROVINCIAL", "jiangsu.market-regulation",
                    "江苏省市场监督管理局", "Jiangsu Administration for Market Regulation",
                    w -> SubjectRoute.pathSegment("/enterprises/", SourceResponses.marketRegulation(w))),
            new Definition("yangzhou-civil-affairs", "MUNICIPAL", "yangzhou.civil-affairs",
                    "扬州市民政局", "Yangzhou Civil Affairs Bureau",
                    w -> SubjectRoute.pathSegment("/v1/residents/", SourceResponses.civilAffairs(w))),
            new Definition("yangzhou-disabled-persons-federation", "MUNICIPAL", "yangzhou.disabled-persons-federation",
                    "扬州市残疾人联合会", "Yangzhou Disabled Persons' Federation",
                    w -> SubjectRoute.queryParameter("/cards", "idNumber", SourceResponses.disabledPersonsFederation(w))),
            new Definition("gaoyou-organisation", "COUNTY", "gaoyou.organisation",
                    "中共高邮市委组织部", "Organisation Department of the CPC Gaoyou Municipal Committee",
                    w -> SubjectRoute.pathSegment("/party/members/", SourceResponses.organisation(w))),
            new Definition("gaoyou-emergency-management", "COUNTY", "gaoyou.emergency-management",
                    "高邮市应急管理局", "Gaoyou Emergency Management Bureau",
                    w -> SubjectRoute.pathSegment("/inspections/enterprises/", SourceResponses.emergencyManagement(w))),
            // The Chelu grid centre runs the county's grid system front, so it answers for every town's households.
            new Definition("township-grid-office", "TOWNSHIP", "chelu.grid-office",
                    "车逻镇网格化服务管理中心", "Chelu Town Grid Service and Management Centre",
                    w -> SubjectRoute.pathSegment("/grid/persons/", SourceResponses.gridOffice(w))));

    private final List<SourceSystem> systems;
    private final List<WireMockServer> servers;

    private SourceSystems(List<SourceSystem> systems, List<WireMockServer> servers) {
        this.systems = List.copyOf(systems);
        this.servers = List.copyOf(servers);
    }

    /** Where the systems will listen for a base port, without starting anything (base port 0 is not known). */
    public static List<SourceSystem> layout(String host, int basePort) {
        List<SourceSystem> list = new ArrayList<>();
        for (int offset = 0; offset < DEFINITIONS.size(); offset++) {
            list.add(system(DEFINITIONS.get(offset), offset, host, basePort + offset));
        }
        return list;
    }

    /** Source names in offset order. */
    public static List<String> names() {
        return DEFINITIONS.stream().map(Definition::name).toList();
    }

    public static SourceSystems start(String host, int basePort, DemoWorld world) {
        return start(host, basePort, world, 0);
    }

    /**
     * As {@link #start(String, int, DemoWorld)}, each server keeping the last {@code journalEntries} requests it
     * received (0: none). The journal is how a test sees what a source was sent, e.g. the {@code traceparent}
     * header of a query; it is bounded because an unbounded one grows with every request.
     */
    public static SourceSystems start(String host, int basePort, DemoWorld world, int journalEntries) {
        List<SourceSystem> systems = new ArrayList<>();
        List<WireMockServer> servers = new ArrayList<>();
        try {
            for (int offset = 0; offset < DEFINITIONS.size(); offset++) {
                Definition definition = DEFINITIONS.get(offset);
                WireMockServer server = new WireMockServer(configuration(host,
                        basePort == 0 ? 0 : basePort + offset, definition.route().apply(world), journalEntries));
                servers.add(server);
                server.start();
                systems.add(system(definition, offset, host, server.port()));
            }
        } catch (RuntimeException e) {
            servers.forEach(SourceSystems::stopQuietly);
            throw new IllegalStateException("could not start the source systems from port " + basePort
                    + " on " + host + ": " + e.getMessage(), e);
        }
        return new SourceSystems(systems, servers);
    }

    public List<SourceSystem> systems() {
        return systems;
    }

    public SourceSystem system(String name) {
        return systems.get(indexOf(name));
    }

    public String baseUrl(String name) {
        return system(name).baseUrl();
    }

    /** The running server of a system, e.g. to add a stub in a test. */
    public WireMockServer server(String name) {
        return servers.get(indexOf(name));
    }

    @Override
    public void close() {
        servers.forEach(SourceSystems::stopQuietly);
    }

    private int indexOf(String name) {
        for (int i = 0; i < systems.size(); i++) {
            if (systems.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new NoSuchElementException("no source system named " + name + "; known: " + names());
    }

    private static WireMockConfiguration configuration(String host, int port, SubjectRoute route,
            int journalEntries) {
        WireMockConfiguration options = options()
                .bindAddress(host)
                .stubRequestLoggingDisabled(true)
                .asynchronousResponseEnabled(true)
                .asynchronousResponseThreads(2)
                .containerThreads(8)
                .jettyAcceptors(1)
                .notifier(new ConsoleNotifier(false))
                .extensions(route);
        if (journalEntries > 0) {
            options.maxRequestJournalEntries(journalEntries);
        } else {
            options.disableRequestJournal();
        }
        return port == 0 ? options.dynamicPort() : options.port(port);
    }

    private static SourceSystem system(Definition d, int offset, String host, int port) {
        String urlHost = host.contains(":") ? "[" + host + "]" : host;
        return new SourceSystem(d.name(), offset, port, "http://" + urlHost + ":" + port, d.level(),
                d.departmentCode(), d.titleZh(), d.titleEn());
    }

    private static void stopQuietly(WireMockServer server) {
        try {
            if (server.isRunning()) {
                server.stop();
            }
        } catch (RuntimeException ignored) {
            // closing is best effort: one server failing to stop must not keep the others running
        }
    }
}
