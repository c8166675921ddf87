package hub.citybrain.sharing.access;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import hub.citybrain.events.AccessRecorded;
import tools.jackson.databind.json.JsonMapper;

/** Events and stored records written before refused attempts were recorded must still be read. */
class AccessRecordedCompatibilityTest {

    static final String BEFORE_REFUSALS = """
            {"eventId":"e-1","type":"citybrain.sharing.access-recorded.v1","occurredAt":"2026-05-01T08:00:00Z",
             "access":{"queryId":"q-1","answeredAt":"2026-05-01T08:00:00Z","consumer":"gaoyou.civil-affairs",
              "consumerLevel":"COUNTY","consumerRegion":"321084","clientId":"gaoyou.civil-affairs",
              "callerSubject":"gaoyou.civil-affairs","subjectType":"PERSON","subjectKeyHash":"ab",
              "purpose":"SUBSISTENCE_REVIEW","fieldsAsked":["partyMember"],"fieldsGiven":[],
              "denied":[{"field":"partyMember","reason":"NO_AGREEMENT"}],"unavailable":[],"agreementIds":[],
              "outcome":"DENIED"}}
            """;

    @Test
    void shouldReadAnEventWithoutTheRefusalMembersAsNull() {
        AccessRecorded event = JsonMapper.builder().build().readValue(BEFORE_REFUSALS, AccessRecorded.class);

        assertThat(event.access().outcome()).isEqualTo("DENIED");
        assertThat(event.access().refusalReason()).isNull();
        assertThat(event.access().operation()).isNull();
        assertThat(event.access().denied()).singleElement()
                .satisfies(d -> assertThat(d.reason()).isEqualTo("NO_AGREEMENT"));
    }

    @Test
    void shouldWriteTheRefusalReasonAndOperation() {
        var access = new AccessRecorded.Access("q-2", java.time.Instant.parse("2026-05-01T08:00:00Z"), null, null,
                null, "citybrain-cli", "auditor", "PERSON", "ab", "X", java.util.List.of("name"),
                java.util.List.of(), java.util.List.of(), java.util.List.of(), java.util.List.of(),
                AccessRecorded.Access.REFUSED, RefusalReason.FORBIDDEN.name(), AccessRecorded.Access.QUERY);
        String json = JsonMapper.builder().build().writeValueAsString(access);

        assertThat(json).contains("\"refusalReason\":\"FORBIDDEN\"", "\"operation\":\"QUERY\"",
                "\"outcome\":\"REFUSED\"");
    }
}
