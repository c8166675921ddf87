package hub.citybrain.sharing.audit;

import java.time.Instant;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import hub.citybrain.support.openapi.ProblemAnswer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import reactor.core.publisher.Mono;

/**
 * The auditor's API: search the audit log and check that it is intact, role {@code audit:read}. A checkpoint on
 * demand may also be asked for by a hub admin: it only signs what the log already holds (and refuses a log that
 * does not verify), so it reveals nothing and cannot hide anything, and an operator can anchor the log before a
 * maintenance window.
 */
@RestController
@PreAuthorize("denyAll")
@Tag(name = "Audit", description = "The tamper-evident audit log (hash chain, signed checkpoints): search it, check "
        + "that it is intact, see who used a subject's data.")
class AuditController {

    private static final String RECORDS = """
            {"items": [{"sequence": 1842, "kind": "ACCESS", "occurredAt": "2026-11-30T08:20:01.284Z",
               "recordedAt": "2026-11-30T08:20:01.530Z", "eventId": "9a7c5e31-2b4d-4f60-8e19-d3c2b1a0f4e7",
               "eventType": "citybrain.sharing.access-recorded.v1",
               "access": {"queryId": "5f0c2a7e-8d41-4c52-9b1e-2f6a0d3c9e17", "answeredAt": "2026-11-30T08:20:01.284Z",
                 "consumer": "gaoyou.civil-affairs", "consumerLevel": "COUNTY", "consumerRegion": "321084",
                 "clientId": "gaoyou.civil-affairs", "callerSubject": "service-account-gaoyou.civil-affairs",
                 "subjectType": "PERSON", "subjectKeyHash": "1f6e0b8c4a2d9e73b5c1a7f04d2e8b96c3a5f7e1d9b0c2a4e6f8a1b3c5d7e9f0",
                 "purpose": "SUBSISTENCE_REVIEW", "fieldsAsked": ["name", "birthDate", "maritalStatus", "gridCode", "partyMember"],
                 "fieldsGiven": ["name", "birthDate", "maritalStatus"],
                 "denied": [{"field": "partyMember", "reason": "NO_AGREEMENT"}],
                 "unavailable": [{"field": "gridCode", "source": "res-township-grid-household", "reason": "TIMEOUT"}],
                 "agreementIds": ["agr-gaoyou-civil-affairs-population", "agr-gaoyou-civil-affairs-resident"],
                 "outcome": "PARTIAL", "operation": "QUERY"},
               "prevHash": "6b1d0f3e9a2c4b7d8e5f1a0c3b6d9e2f4a7c0b3d6e9f2a5c8b1d4e7f0a3c6b9d",
               "hash": "c4e7a1b3d6f9e2c5b8a1d4f7e0c3b6a9d2f5e8b1c4a7d0f3e6b9c2a5d8f1e4b7"}],
             "page": 0, "size": 20, "totalElements": 1, "totalPages": 1}
            """;

    private final AuditRecords records;
    private final ChainVerifier verifier;
    private final AuditCheckpoints checkpoints;

    AuditController(AuditRecords records, ChainVerifier verifier, AuditCheckpoints checkpoints) {
        this.records = records;
        this.verifier = verifier;
        this.checkpoints = checkpoints;
    }

    @Operation(operationId = "searchAuditRecords", summary = "Search the audit log",
            description = "Audit entries (accesses, agreement and department changes) matching every filter given, "
                    + "in chain order, each with its hash and its predecessor's. Filters: `consumer`, `subjectType` "
                    + "with `subjectKey` (together; the key is matched by its keyed hash), `purpose`, `outcome` "
                    + "(ANSWERED, PARTIAL, UNAVAILABLE, REFUSED, DENIED), `kind` (ACCESS, AGREEMENT, DEPARTMENT), "
                    + "`from`/`to` (instants, from before to), `page` (0 to 10000) and `size` (1 to 200).",
            responses = @ApiResponse(responseCode = "200", description = "One page of audit entries.",
                    content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "one access",
                            summary = "?consumer=gaoyou.civil-affairs&subjectType=PERSON&subjectKey=321084196803151313",
                            value = RECORDS))))
    @GetMapping("/api/v1/audit/records")
    @PreAuthorize("hasAuthority('audit:read')")
    Mono<Paging.Page<AuditRecordView>> records(@Validated @ModelAttribute AuditSearch search) {
        return records.search(search);
    }

    /** Always 200 when the walk could be made; whether the chain holds is in the answer ({@code intact}). */
    @Operation(operationId = "verifyAuditLog", summary = "Check that the audit log is intact",
            description = "Walks the hash chain from the first entry and compares it with the signed checkpoints. "
                    + "Always 200 when the walk could be made: whether the chain holds is `intact`, and where and how "
                    + "it breaks is `brokenAt` and `problem`.",
            responses = @ApiResponse(responseCode = "200", description = "The verification.",
                    content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "intact",
                            value = """
                                    {"verified": 1842, "intact": true, "lastSequence": 1842,
                                     "lastHash": "c4e7a1b3d6f9e2c5b8a1d4f7e0c3b6a9d2f5e8b1c4a7d0f3e6b9c2a5d8f1e4b7",
                                     "checkpoint": {"sequence": 1800, "at": "2026-11-30T08:00:00Z", "keyId": "3f9a1c7e5b2d8046"},
                                     "checkpointsChecked": 12, "checkpointsRejected": 0}
                                    """))))
    @GetMapping("/api/v1/audit/verify")
    @PreAuthorize("hasAuthority('audit:read')")
    Mono<Verification> verify() {
        return verifier.verify();
    }

    /** 201 with a new signed checkpoint, or 200 with the existing one when the head was already checkpointed. */
    @Operation(operationId = "checkpointAuditLog", summary = "Sign a checkpoint of the audit log now",
            description = "Signs the current head of the chain (Ed25519) after verifying the log, and publishes the "
                    + "checkpoint. 201 with a new checkpoint; 200 with the existing one when the head was already "
                    + "checkpointed. Auditors (`audit:read`) or a hub admin: it only signs what the log holds.",
            responses = {
                    @ApiResponse(responseCode = "201", description = "Signed now.", content = @Content(
                            mediaType = "application/json", examples = @ExampleObject(name = "signed", value = CHECKPOINT))),
                    @ApiResponse(responseCode = "200", description = "The head was already checkpointed.",
                            content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "existing",
                                    value = CHECKPOINT_EXISTING))) })
    @ProblemAnswer(status = 409, code = "AUDIT_CHAIN_BROKEN",
            detail = "The audit log does not verify (PREV_HASH_MISMATCH at entry 1203); it is not signed: entry 1203 does not name the hash of entry 1202.")
    @ProblemAnswer(status = 409, code = "AUDIT_LOG_EMPTY", detail = "The audit log has no entry to sign.")
    @ProblemAnswer(status = 503, code = "AUDIT_CHECKPOINTS_OFF", detail = "This instance has no audit signing key (CITYBRAIN_AUDIT_SIGNING_KEY).")
    @PostMapping("/api/v1/audit/checkpoints")
    @PreAuthorize("hasAnyAuthority('audit:read', 'hub:admin')")
    Mono<ResponseEntity<CheckpointView>> checkpoint() {
        return checkpoints.take().map(taken -> ResponseEntity.status(taken.signedNow() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(CheckpointView.of(taken)));
    }

    private static final String CHECKPOINT = """
            {"sequence": 1842, "hash": "c4e7a1b3d6f9e2c5b8a1d4f7e0c3b6a9d2f5e8b1c4a7d0f3e6b9c2a5d8f1e4b7",
             "checkpointedAt": "2026-11-30T08:25:00Z", "keyId": "3f9a1c7e5b2d8046",
             "signature": "MEUCIQDx3Q9n0Yk2l8c4b1v7a6s5d4f3g2h1j0k9l8z7x6c5vQIgU2FtcGxlIHNpZ25hdHVyZSBmb3IgdGhlIGRvY3M=",
             "signedNow": true}
            """;
    private static final String CHECKPOINT_EXISTING = """
            {"sequence": 1842, "hash": "c4e7a1b3d6f9e2c5b8a1d4f7e0c3b6a9d2f5e8b1c4a7d0f3e6b9c2a5d8f1e4b7",
             "checkpointedAt": "2026-11-30T08:25:00Z", "keyId": "3f9a1c7e5b2d8046",
             "signature": "MEUCIQDx3Q9n0Yk2l8c4b1v7a6s5d4f3g2h1j0k9l8z7x6c5vQIgU2FtcGxlIHNpZ25hdHVyZSBmb3IgdGhlIGRvY3M=",
             "signedNow": false}
            """;

    record CheckpointView(long sequence, String hash, Instant checkpointedAt, String keyId, String signature,
            boolean signedNow) {
        static CheckpointView of(AuditCheckpoints.Taken taken) {
            var c = taken.checkpoint();
            return new CheckpointView(c.lastSequence(), c.lastHash(), c.checkpointedAt(), c.keyId(), c.signature(),
                    taken.signedNow());
        }
    }
}
