package hub.citybrain.sharing.query;

/** Example bodies for the API document (demo world values), kept out of the controller's way. */
final class QueryApiExamples {

    private QueryApiExamples() {
    }

    static final String REQUEST = """
            {"subjectType": "PERSON", "subjectKey": "321084196803151313",
             "fields": ["name", "birthDate", "maritalStatus", "gridCode", "partyMember"],
             "purpose": "SUBSISTENCE_REVIEW"}
            """;

    static final String ANSWER = """
            {"queryId": "5f0c2a7e-8d41-4c52-9b1e-2f6a0d3c9e17", "subjectType": "PERSON", "purpose": "SUBSISTENCE_REVIEW",
             "answeredAt": "2026-11-30T08:20:01.284Z",
             "fields": {
               "name": {"value": "王建国", "source": {"resource": "res-national-population-person",
                        "department": "national.population-registry", "level": "NATIONAL"},
                        "collectedAt": "2026-11-30T08:20:01.102Z", "cached": false},
               "birthDate": {"value": "1968-03-15", "source": {"resource": "res-national-population-person",
                        "department": "national.population-registry", "level": "NATIONAL"},
                        "collectedAt": "2026-11-30T08:20:01.102Z", "cached": false},
               "maritalStatus": {"value": "MARRIED", "source": {"resource": "res-yangzhou-civil-affairs-resident",
                        "department": "yangzhou.civil-affairs", "level": "MUNICIPAL"},
                        "collectedAt": "2026-11-30T07:55:12.410Z", "cached": true}},
             "denied": [{"field": "partyMember", "reason": "NO_AGREEMENT"}],
             "unavailable": [{"field": "gridCode", "source": "res-township-grid-household", "reason": "TIMEOUT"}]}
            """;

    static final String BATCH_REQUEST = """
            {"subjectType":"PERSON","subjectKey":"321084196803151313","fields":["name","gridCode"],"purpose":"SUBSISTENCE_REVIEW"}
            {"subjectType":"PERSON","subjectKey":"","fields":["name"],"purpose":"SUBSISTENCE_REVIEW"}
            """;

    static final String BATCH_ANSWER = """
            {"line":2,"subjectKey":"","status":400,"problem":{"code":"VALIDATION_FAILED","detail":"subjectKey: must not be blank"}}
            {"line":1,"subjectKey":"321084196803151313","status":200,"answer":{"queryId":"0b6f3d52-1c7a-4e0b-8f59-6a2d9c4e1b03","subjectType":"PERSON","purpose":"SUBSISTENCE_REVIEW","answeredAt":"2026-11-30T08:21:00.030Z","fields":{"name":{"value":"王建国","source":{"resource":"res-national-population-person","department":"national.population-registry","level":"NATIONAL"},"collectedAt":"2026-11-30T08:20:01.102Z","cached":true},"gridCode":{"value":"321084104202001","source":{"resource":"res-township-grid-household","department":"chelu.grid-office","level":"TOWNSHIP"},"collectedAt":"2026-11-30T08:21:00.012Z","cached":false}},"denied":[],"unavailable":[]}}
            """;
}
