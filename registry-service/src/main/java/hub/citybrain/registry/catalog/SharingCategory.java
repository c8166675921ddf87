package hub.citybrain.registry.catalog;

/** 无条件共享 / 有条件共享 / 不予共享. */
public enum SharingCategory {
    UNCONDITIONAL, CONDITIONAL, NOT_SHARED
}
