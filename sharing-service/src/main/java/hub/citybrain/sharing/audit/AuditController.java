package hub.citybrain.sharing.audit;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RestController;

import reactor.core.publisher.Mono;

/** The auditor's API: search the audit log and check that it is intact. Role {@code audit:read} only. */
@RestController
@PreAuthorize("denyAll")
class AuditController {

    private final AuditRecords records;
    private final ChainVerifier verifier;

    AuditController(AuditRecords records, ChainVerifier verifier) {
        this.records = records;
        this.verifier = verifier;
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
}
