package hub.citybrain.devstack.world;

/** An administrative division (GB/T 2260 code, or a 9/12-digit town/village statistical code). */
public record Region(String code, String zh, String en) {
}
