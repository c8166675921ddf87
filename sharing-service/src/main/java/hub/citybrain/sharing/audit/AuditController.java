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

import reactor.core.publisher.Mono;

/**
 * The auditor's API: search the audit log and check that it is intact, role {@code audit:read}. A checkpoint on
 * demand may also be asked for by a hub admin: it only signs what the log already holds (and refuses a log that
 * does not verify), so it reveals nothing and cannot hide anything, and an operator can anchor the log before a
 * maintenance window.
 */
@RestController
@PreAuthorize("denyAll")
class AuditController {

    private final AuditRecords records;
    private final ChainVerifier verifier;
    private final AuditCheckpoints checkpoints;

    AuditController(AuditRecords records, ChainVerifier verifier, AuditCheckpoints checkpoints) {
        this.records = records;
        this.verifier = verifier;
        this.checkpoints = checkpoints;
    }

    @GetMapping("/api/v1/audit/records")
    @PreAuthorize("hasAuthority('audit:read')")
    Mono<Paging.Page<AuditRecordView>> records(@Validated @ModelAttribute AuditSearch search) {
        return records.search(search);
    }

    /** Always 200 when the walk could be made; whether the chain holds is in the answer ({@code intact}). */
    @GetMapping("/api/v1/audit/verify")
    @PreAuthorize("hasAuthority('audit:read')")
    Mono<Verification> verify() {
        return verifier.verify();
    }

    /** 201 with a new signed checkpoint, or 200 with the existing one when the head was already checkpointed. */
    @PostMapping("/api/v1/audit/checkpoints")
    @PreAuthorize("hasAnyAuthority('audit:read', 'hub:admin')")
    Mono<ResponseEntity<CheckpointView>> checkpoint() {
        return checkpoints.take().map(taken -> ResponseEntity.status(taken.signedNow() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(CheckpointView.of(taken)));
    }

    record CheckpointView(long sequence, String hash, Instant checkpointedAt, String keyId, String signature,
            boolean signedNow) {
        static CheckpointView of(AuditCheckpoints.Taken taken) {
            var c = taken.checkpoint();
            return new CheckpointView(c.lastSequence(), c.lastHash(), c.checkpointedAt(), c.keyId(), c.signature(),
                    taken.signedNow());
        }
    }
}
