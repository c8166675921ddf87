package hub.citybrain.devstack.world;

public enum MaritalStatus {
    UNMARRIED("未婚", "unmarried"),
    MARRIED("已婚", "married"),
    DIVORCED("离婚", "divorced"),
    WIDOWED("丧偶", "widowed");

    private final String zh;
    private final String en;

    MaritalStatus(String zh, String en) {
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
