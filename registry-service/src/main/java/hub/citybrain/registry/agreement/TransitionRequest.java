package hub.citybrain.registry.agreement;

import jakarta.validation.constraints.Size;

/** Optional body of approve/reject/suspend/resume/revoke; reject, suspend and revoke must give a reason. */
record TransitionRequest(@Size(max = 2000) String reason) {
}
