package hub.citybrain.devstack.world;

public enum InspectionResult {
    PASSED("合格", "passed"),
    RECTIFY("责令限期整改", "rectification ordered"),
    FAILED("不合格", "failed");

    private final String zh;
    private final String en;

    InspectionResult(String zh, String en) {
        this.zh = zh;
        this.en = en;
    }

    public String zh() {
        return zh;
    }

    public String en() {
        return en;
    }
}
