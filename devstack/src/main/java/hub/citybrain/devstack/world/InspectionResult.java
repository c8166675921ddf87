package hub.citybrain.devstack.world;

public enum InspectionResult implements Labelled {
    @Label(zh = "合格", en = "passed") PASSED,
    @Label(zh = "责令限期整改", en = "rectification ordered") RECTIFY,
    @Label(zh = "不合格", en = "failed") FAILED
}
