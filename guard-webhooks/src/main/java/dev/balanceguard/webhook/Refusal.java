package dev.balanceguard.webhook;

/**
 * Why a webhook request was not taken, with the HTTP status to answer. Nothing is counted for a refused request.
 * Every failure to prove the provider sent it (and an unknown account, or an oversized body, which are not read
 * further) is 401, so that the answer tells a forger nothing; a provider retries a 503.
 */
public enum Refusal {

    /** No webhook secret is configured for the account in the path. */
    UNKNOWN_ACCOUNT(401),

    /** The body is larger than the cap: it is not read further. */
    BODY_TOO_LARGE(401),

    /** The signature headers are missing or not in the provider's format. */
    NOT_SIGNED(401),

    /** The signature does not verify: forged, signed with another secret, or the body or URL changed since. */
    BAD_SIGNATURE(401),

    /** The signed timestamp is more than the tolerance (5 minutes) away from now: a replay, or a stale delivery. */
    STALE(401),

    /** Signed, but not a report the provider documents: a field missing, a price that is not an amount. */
    MALFORMED(400),

    /** The store that counts each report once did not answer: the provider should deliver it again later. */
    STORE_UNAVAILABLE(503);

    private final int status;

    Refusal(int status) {
        this.status = status;
    }

    /** The HTTP status to answer with. */
    public int status() {
        return status;
    }
}
