package hub.citybrain.devstack.world;

public enum Gender implements Labelled {
    @Label(zh = "男", en = "male") MALE,
    @Label(zh = "女", en = "female") FEMALE;

    public Gender opposite() {
        return this == MALE ? FEMALE : MALE;
    }
}
