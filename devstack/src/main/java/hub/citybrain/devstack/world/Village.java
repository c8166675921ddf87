package hub.citybrain.devstack.world;

import java.util.List;

/** A village (村) of a town, with the grid codes (网格编码) the grid office divides it into. */
public record Village(String code, String zh, String en, String townCode, String townZh, List<String> gridCodes) {

    public Village {
        gridCodes = List.copyOf(gridCodes);
    }
}
