package hub.citybrain.devstack.world;

import java.util.List;

/** A town (镇) of Gaoyou. */
public record Town(String code, String zh, String en, List<Village> villages) {

    public Town {
        villages = List.copyOf(villages);
    }
}
