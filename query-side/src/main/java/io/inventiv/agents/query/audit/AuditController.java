package io.inventiv.agents.query.audit;

import io.swagger.v3.oas.annotations.Operation;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Proof that the event log is as it was written (platform admins). */
@RestController
class AuditController {

    private final EventChain chain;

    AuditController(EventChain chain) {
        this.chain = chain;
    }

    @Operation(summary = "Verify the hash chain over the event log",
            description = "Recomputes every link of the chain from the stored events: `intact` is true when no chained event was altered "
                    + "or removed; otherwise `first_problem` names the first one (its position in the chain, global index and identifier) "
                    + "and `verified_events` how many links held before it. `head_hash` is the last proven link: kept elsewhere, it proves "
                    + "later that the chain up to it was not rewritten. `not_yet_chained` counts events stored but not chained yet.")
    @GetMapping("/admin/audit/verify")
    Map<String, Object> verify() {
        return chain.verify();
    }
}
