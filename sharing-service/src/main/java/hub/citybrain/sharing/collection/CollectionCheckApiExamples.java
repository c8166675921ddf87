package hub.citybrain.sharing.collection;

/** Example bodies for the API document (demo world values), kept out of the controller's way. */
final class CollectionCheckApiExamples {

    private CollectionCheckApiExamples() {
    }

    static final String REQUEST = """
            {"subjectType": "PERSON", "fields": ["公民身份号码", "姓名", "出生日期", "婚姻状况", "家庭年收入"],
             "subjects": 1200, "purpose": "SUBSISTENCE_REVIEW"}
            """;

    static final String ANSWER = """
            {"checkId": "7d3e9b20-5a41-4f86-b0c2-1e9f4d6a8c35", "checkedAt": "2026-11-30T08:30:00Z",
             "subjectType": "PERSON", "subjects": 1200, "purpose": "SUBSISTENCE_REVIEW",
             "fields": [
               {"label": "公民身份号码", "status": "SUBJECT_KEY"},
               {"label": "姓名", "status": "HELD", "field": "name",
                "source": {"resource": "res-national-population-person", "department": "national.population-registry",
                           "level": "NATIONAL", "authoritative": true},
                "access": "AGREED", "agreementId": "agr-gaoyou-civil-affairs-population"},
               {"label": "出生日期", "status": "HELD", "field": "birthDate",
                "source": {"resource": "res-national-population-person", "department": "national.population-registry",
                           "level": "NATIONAL", "authoritative": true},
                "access": "AGREED", "agreementId": "agr-gaoyou-civil-affairs-population"},
               {"label": "婚姻状况", "status": "HELD", "field": "maritalStatus",
                "source": {"resource": "res-yangzhou-civil-affairs-resident", "department": "yangzhou.civil-affairs",
                           "level": "MUNICIPAL", "authoritative": true},
                "access": "CONDITIONAL"},
               {"label": "家庭年收入", "status": "NEW"}],
             "verdict": {"held": 3, "fieldsSaved": 3600, "toCollect": ["家庭年收入"], "fieldsToCollect": 1200,
               "unresolved": [],
               "requestAgreements": [{"method": "POST", "href": "/api/v1/agreements", "provider": "yangzhou.civil-affairs",
                 "grantedAtOnce": false,
                 "body": {"resourceId": "res-yangzhou-civil-affairs-resident", "fields": ["maritalStatus"],
                          "purpose": {"code": "SUBSISTENCE_REVIEW"}},
                 "stillNeeded": ["purpose.text", "legalBasis", "validFrom", "validUntil", "dailyQuota"]}]}}
            """;
}
