package hub.citybrain.devstack.world;

public enum Gender {
    MALE("男", "male"),
    FEMALE("女", "female");

    private final String zh;
    private final String en;

    Gender(String zh, String en) {
        this.zh = zh;
        this.en = en;
    }

    public String zh() {
        return zh;
    }

    public String en() {
        return en;
    }

    public Gender opposite() {
        return this == MALE ? FEMALE : MALE;
    }
}
