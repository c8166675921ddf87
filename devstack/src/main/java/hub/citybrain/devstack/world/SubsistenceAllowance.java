package hub.citybrain.devstack.world;

import java.time.LocalDate;

/** Minimum living allowance (低保) granted to a household. */
public record SubsistenceAllowance(int monthlyAmountYuan, LocalDate since) {
}
