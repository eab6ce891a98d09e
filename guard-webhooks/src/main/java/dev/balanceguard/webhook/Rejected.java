package dev.balanceguard.webhook;

/** Thrown inside the package to refuse a request; becomes a {@link WebhookResult.Refused}. No stack trace. */
final class Rejected extends RuntimeException {

    final Refusal refusal;

    Rejected(Refusal refusal, String detail) {
        super(detail, null, false, false);
        this.refusal = refusal;
    }
}
