package hub.citybrain.identity.department;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a service refuses the callers of deactivated departments.
 *
 * @param enabled whether the registry's department events are followed and such callers refused (default true)
 * @param handledByServicePaths path patterns the filter leaves alone because the service refuses them itself,
 *        after reading the request, so that it can record the refused attempt (the sharing service's queries)
 */
@ConfigurationProperties("citybrain.identity.department-status")
public record DepartmentStatusProperties(@DefaultValue("true") boolean enabled, List<String> handledByServicePaths) {

    public DepartmentStatusProperties {
        handledByServicePaths = handledByServicePaths == null ? List.of() : List.copyOf(handledByServicePaths);
    }
}
