package hub.citybrain.registry.catalog;

/** Example bodies for the API document (demo world values), kept out of the controller's way. */
final class CatalogApiExamples {

    private CatalogApiExamples() {
    }

    static final String REQUEST = """
            {"id": "res-gaoyou-civil-affairs-subsistence",
             "title": {"zh": "高邮市最低生活保障对象信息", "en": "Gaoyou subsistence allowance recipients"},
             "holder": "gaoyou.civil-affairs", "subjectType": "PERSON", "subjectKey": "ID_NUMBER", "updateCycle": "P1D",
             "fields": [
               {"name": "subsistenceAllowance", "type": "BOOLEAN", "description": "是否享受低保 / receives subsistence allowance",
                "sensitivity": "PERSONAL", "sharing": "CONDITIONAL", "authoritative": false, "aliases": ["低保对象", "是否低保"]},
               {"name": "subsistenceAmount", "type": "NUMBER", "description": "低保金额（元/月） / monthly amount (CNY)",
                "sensitivity": "SENSITIVE", "sharing": "CONDITIONAL", "authoritative": false, "aliases": ["低保金额"]}],
             "connector": {"baseUrl": "http://10.32.84.17:8080", "pathTemplate": "/api/dibao/{subjectKey}", "timeoutMs": 2000,
               "mapping": {"subsistenceAllowance": "/sfdb", "subsistenceAmount": "/dbje"}}}
            """;

    static final String VIEW = """
            {"id": "res-gaoyou-civil-affairs-subsistence",
             "title": {"zh": "高邮市最低生活保障对象信息", "en": "Gaoyou subsistence allowance recipients"},
             "holder": "gaoyou.civil-affairs", "holderLevel": "COUNTY", "subjectType": "PERSON", "subjectKey": "ID_NUMBER",
             "updateCycle": "P1D",
             "fields": [
               {"name": "subsistenceAllowance", "type": "BOOLEAN", "description": "是否享受低保 / receives subsistence allowance",
                "sensitivity": "PERSONAL", "sharing": "CONDITIONAL", "authoritative": false, "aliases": ["低保对象", "是否低保"]},
               {"name": "subsistenceAmount", "type": "NUMBER", "description": "低保金额（元/月） / monthly amount (CNY)",
                "sensitivity": "SENSITIVE", "sharing": "CONDITIONAL", "authoritative": false, "aliases": ["低保金额"]}],
             "connector": {"baseUrl": "http://10.32.84.17:8080", "pathTemplate": "/api/dibao/{subjectKey}", "timeoutMs": 2000,
               "mapping": {"subsistenceAllowance": "/sfdb", "subsistenceAmount": "/dbje"}},
             "version": 1, "createdAt": "2026-11-28T08:15:00Z"}
            """;

    /** As another department sees it: no connector. */
    static final String LIST = """
            [{"id": "res-national-population-person",
              "title": {"zh": "人口基础信息", "en": "Population basic information"},
              "holder": "national.population-registry", "holderLevel": "NATIONAL", "subjectType": "PERSON",
              "subjectKey": "ID_NUMBER", "updateCycle": "P1D",
              "fields": [{"name": "name", "type": "STRING", "description": "姓名 / full name", "sensitivity": "PERSONAL",
                          "sharing": "UNCONDITIONAL", "authoritative": true, "aliases": ["姓名", "户主姓名", "申请人姓名"]}],
              "version": 1, "createdAt": "2026-11-28T08:00:00Z"}]
            """;
}
