package hub.citybrain.devstack.world;

public enum MaritalStatus implements Labelled {
    @Label(zh = "未婚", en = "unmarried") UNMARRIED,
    @Label(zh = "已婚", en = "married") MARRIED,
    @Label(zh = "离婚", en = "divorced") DIVORCED,
    @Label(zh = "丧偶", en = "widowed") WIDOWED
}
