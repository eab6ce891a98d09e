package dev.balanceguard.webhook;

import java.util.List;
import java.util.Objects;

/** What became of one webhook request: {@link Verified} (answer 200) or {@link Refused} (answer its status). */
public sealed interface WebhookResult {

    /** Whether the request was proven to come from the provider and was taken. */
    boolean verified();

    /**
     * A request the provider signed.
     *
     * @param counted the priced reports counted by this request, each the first of its message for the fleet
     * @param unpriced reports whose price the provider has not booked yet (Twilio), counted once it has
     * @param repeats priced reports that were counted before (a retried or duplicated delivery): nothing more counted
     */
    record Verified(List<PriceReport> counted, List<PriceReport> unpriced, int repeats) implements WebhookResult {
        public Verified {
            counted = List.copyOf(counted);
            unpriced = List.copyOf(unpriced);
        }

        @Override
        public boolean verified() {
            return true;
        }
    }

    /**
     * A request that was not taken.
     *
     * @param refusal why, and the HTTP status
     * @param detail what exactly, for the log; never quotes a secret, and may quote (escaped, shortened) what the
     *     request said
     */
    record Refused(Refusal refusal, String detail) implements WebhookResult {
        public Refused {
            Objects.requireNonNull(refusal, "refusal");
            Objects.requireNonNull(detail, "detail");
        }

        @Override
        public boolean verified() {
            return false;
        }
    }
}
