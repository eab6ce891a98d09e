package dev.balanceguard;

import dev.balanceguard.GuardDecision.Breach;
import dev.balanceguard.GuardDecision.Reason;
import dev.balanceguard.core.Money;
import dev.balanceguard.cost.CostEstimate;
import dev.balanceguard.cost.CountryResolver;
import dev.balanceguard.cost.Destination;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * An account's spend rules ({@link GuardPolicy}'s destinations, maximum unit price and maximum run cost) against one
 * run, as a pure function of the policy and the estimate: they need no balance and no store, so {@link Rules} applies
 * them before anything else and a refused run holds nothing.
 *
 * <ol>
 *   <li>Destinations: with an allow list, recipients in any other country are refused; with a deny list, recipients
 *       in a listed country. Under either list a recipient whose country is unknown ({@code ZZ}: no country, or an
 *       estimate made without a {@link CountryResolver}) is refused: a list cannot vouch for it.</li>
 *   <li>Maximum unit price: recipients whose SMS segment or voice minute costs more are refused.</li>
 *   <li>Maximum run cost: a run whose estimate costs more is refused.</li>
 * </ol>
 *
 * A limit in another unit than the estimate's refuses the run with {@code UNIT_MISMATCH}, never a guess. A plain
 * amount has no recipients, so only the maximum run cost applies to it.
 */
final class SpendRules {

    /** Why the rules refuse a run. */
    record Refusal(
            Reason reason,
            @Nullable String detail,
            @Nullable Breach breach) {}

    private SpendRules() {}

    /** The rules' refusal of the run, or {@code null} when they allow it. */
    static @Nullable Refusal judge(GuardPolicy policy, CostEstimate estimate) {
        @Nullable Refusal refusal = destinations(policy, estimate);
        if (refusal == null) {
            refusal = unitPrice(policy, estimate);
        }
        return refusal == null ? runCost(policy, estimate) : refusal;
    }

    private static @Nullable Refusal destinations(GuardPolicy policy, CostEstimate estimate) {
        Set<String> allowed = policy.allowedCountries();
        Set<String> denied = policy.deniedCountries();
        if (allowed.isEmpty() && denied.isEmpty()) {
            return null;
        }
        boolean allowList = !allowed.isEmpty();
        Set<String> countries = new TreeSet<>();
        long recipients = 0;
        for (Destination d : estimate.destinations()) {
            String country = d.country();
            boolean refused = country.equals(CountryResolver.UNKNOWN)
                    || (allowList ? !allowed.contains(country) : denied.contains(country));
            if (refused) {
                countries.add(country);
                recipients += d.recipients();
            }
        }
        return refused(allowList ? "destinations.allow" : "destinations.deny", null, countries, recipients);
    }

    private static @Nullable Refusal unitPrice(GuardPolicy policy, CostEstimate estimate) {
        Money max = policy.maxUnitPrice().orElse(null);
        if (max == null) {
            return null;
        }
        Set<String> countries = new TreeSet<>();
        long recipients = 0;
        for (Destination d : estimate.destinations()) {
            if (!d.unitPrice().sameUnitAs(max)) {
                return mismatch("max-unit-price", max, d.unitPrice().unit());
            }
            if (d.unitPrice().isGreaterThan(max)) {
                countries.add(d.country());
                recipients += d.recipients();
            }
        }
        return refused("max-unit-price", max, countries, recipients);
    }

    private static @Nullable Refusal runCost(GuardPolicy policy, CostEstimate estimate) {
        Money max = policy.maxRunCost().orElse(null);
        if (max == null) {
            return null;
        }
        Money cost = estimate.total();
        if (!cost.sameUnitAs(max)) {
            return mismatch("max-run-cost", max, cost.unit());
        }
        return cost.isGreaterThan(max)
                ? new Refusal(Reason.RUN_LIMIT_EXCEEDED, null, new Breach("max-run-cost", max, List.of(), 0))
                : null;
    }

    private static @Nullable Refusal refused(
            String rule, @Nullable Money limit, Set<String> countries, long recipients) {
        return recipients == 0
                ? null
                : new Refusal(
                        Reason.DESTINATION_NOT_ALLOWED,
                        null,
                        new Breach(rule, limit, List.copyOf(countries), recipients));
    }

    private static Refusal mismatch(String rule, Money limit, String unit) {
        return new Refusal(Reason.UNIT_MISMATCH, rule + " is in " + limit.unit() + ", the estimate in " + unit, null);
    }
}
