package hub.citybrain.registry.department;

/** Example bodies for the API document (demo world values), kept out of the controller's way. */
final class DepartmentApiExamples {

    private DepartmentApiExamples() {
    }

    static final String REQUEST = """
            {"code": "gaoyou.human-resources",
             "name": {"zh": "高邮市人力资源和社会保障局", "en": "Gaoyou Human Resources and Social Security Bureau"},
             "level": "COUNTY", "region": "321084", "kind": "CONSUMER"}
            """;

    static final String REGISTERED = """
            {"code": "gaoyou.human-resources",
             "name": {"zh": "高邮市人力资源和社会保障局", "en": "Gaoyou Human Resources and Social Security Bureau"},
             "level": "COUNTY", "region": "321084", "kind": "CONSUMER", "status": "ACTIVE",
             "createdAt": "2026-11-30T08:00:00Z", "clientProvisioning": "CREATED",
             "clientSecret": "demo-only-9f2c7d1e4b8a4c3f"}
            """;

    static final String VIEW = """
            {"code": "gaoyou.civil-affairs",
             "name": {"zh": "高邮市民政局", "en": "Gaoyou Civil Affairs Bureau"},
             "level": "COUNTY", "region": "321084", "kind": "CONSUMER", "status": "ACTIVE",
             "createdAt": "2026-11-28T08:00:00Z",
             "lastCredentialRotation": {"at": "2026-11-29T01:20:00Z", "by": "service-account-hub.data-authority"}}
            """;

    static final String DEACTIVATED = """
            {"code": "gaoyou.civil-affairs",
             "name": {"zh": "高邮市民政局", "en": "Gaoyou Civil Affairs Bureau"},
             "level": "COUNTY", "region": "321084", "kind": "CONSUMER", "status": "INACTIVE",
             "createdAt": "2026-11-28T08:00:00Z"}
            """;

    static final String ROTATED = """
            {"code": "gaoyou.civil-affairs", "clientId": "gaoyou.civil-affairs",
             "clientSecret": "demo-only-5b1e0c9a7d2f4e68", "rotatedAt": "2026-11-29T01:20:00Z",
             "rotatedBy": "service-account-gaoyou.civil-affairs"}
            """;
}
