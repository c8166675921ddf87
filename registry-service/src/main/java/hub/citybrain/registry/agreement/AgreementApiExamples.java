package hub.citybrain.registry.agreement;

/** Example bodies for the API document (demo world values), kept out of the controller's way. */
final class AgreementApiExamples {

    private AgreementApiExamples() {
    }

    static final String REQUEST = """
            {"id": "agr-gaoyou-civil-affairs-resident",
             "resourceId": "res-yangzhou-civil-affairs-resident",
             "fields": ["maritalStatus", "subsistenceAllowance", "subsistenceAmount"],
             "purpose": {"code": "SUBSISTENCE_REVIEW", "text": "最低生活保障资格复核 / subsistence allowance eligibility review"},
             "legalBasis": "《社会救助暂行办法》第十一条",
             "validFrom": "2026-01-01T00:00:00Z", "validUntil": "2027-12-31T23:59:59Z", "dailyQuota": 5000}
            """;

    static final String REQUESTED = """
            {"id": "agr-gaoyou-civil-affairs-resident", "consumer": "gaoyou.civil-affairs",
             "resourceId": "res-yangzhou-civil-affairs-resident", "provider": "yangzhou.civil-affairs",
             "fields": ["maritalStatus", "subsistenceAllowance", "subsistenceAmount"],
             "purpose": {"code": "SUBSISTENCE_REVIEW", "text": "最低生活保障资格复核 / subsistence allowance eligibility review"},
             "legalBasis": "《社会救助暂行办法》第十一条",
             "validFrom": "2026-01-01T00:00:00Z", "validUntil": "2027-12-31T23:59:59Z", "dailyQuota": 5000,
             "status": "REQUESTED", "version": 1, "replyBy": "2026-12-07T08:15:00Z",
             "history": [{"from": null, "to": "REQUESTED", "at": "2026-11-30T08:15:00Z",
                          "by": "service-account-gaoyou.civil-affairs", "byDepartment": "gaoyou.civil-affairs", "reason": null}],
             "createdAt": "2026-11-30T08:15:00Z"}
            """;

    static final String APPROVED = """
            {"id": "agr-gaoyou-civil-affairs-resident", "consumer": "gaoyou.civil-affairs",
             "resourceId": "res-yangzhou-civil-affairs-resident", "provider": "yangzhou.civil-affairs",
             "fields": ["maritalStatus", "subsistenceAllowance", "subsistenceAmount"],
             "purpose": {"code": "SUBSISTENCE_REVIEW", "text": "最低生活保障资格复核 / subsistence allowance eligibility review"},
             "legalBasis": "《社会救助暂行办法》第十一条",
             "validFrom": "2026-01-01T00:00:00Z", "validUntil": "2027-12-31T23:59:59Z", "dailyQuota": 5000,
             "status": "ACTIVE", "version": 2, "replyBy": "2026-12-07T08:15:00Z",
             "history": [{"from": null, "to": "REQUESTED", "at": "2026-11-30T08:15:00Z",
                          "by": "service-account-gaoyou.civil-affairs", "byDepartment": "gaoyou.civil-affairs", "reason": null},
                         {"from": "REQUESTED", "to": "ACTIVE", "at": "2026-12-01T02:40:00Z",
                          "by": "service-account-yangzhou.civil-affairs", "byDepartment": "yangzhou.civil-affairs",
                          "reason": "低保复核需核对低保待遇 / subsistence review needs the allowance records"}],
             "createdAt": "2026-11-30T08:15:00Z"}
            """;

    static final String TRANSITION = """
            {"reason": "低保复核需核对低保待遇 / subsistence review needs the allowance records"}
            """;
}
