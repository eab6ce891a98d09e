package dev.balanceguard.examples.preflight;

import dev.balanceguard.cost.InvalidRecipientsException;
import dev.balanceguard.cost.NoMatchingRateException;
import dev.balanceguard.cost.RateCardException;
import dev.balanceguard.provider.InvalidProviderSettingsException;
import dev.balanceguard.provider.ProviderException;

/**
 * The CLI's exit codes, and which failure leads to which. Every path ends in one of the documented codes (0, 2,
 * 3, 4, 5, 6): a failure of the tool itself is reported as an internal error with code 2, never as a code a
 * script does not expect.
 */
final class ExitCodes {

    static final int OK = 0;
    static final int USAGE = 2;
    static final int BLOCKED = 3;
    static final int PROVIDER_REFUSED = 4;
    static final int PROVIDER_UNAVAILABLE = 5;
    static final int PROVIDER_UNREADABLE = 6;

    private ExitCodes() {}

    static int of(Throwable e) {
        if (e instanceof ProviderException p) {
            return switch (p.failure()) {
                case AUTHENTICATION, PERMISSION, ACCOUNT_NOT_FOUND -> PROVIDER_REFUSED;
                case RATE_LIMITED, UNAVAILABLE -> PROVIDER_UNAVAILABLE;
                case UNREADABLE -> PROVIDER_UNREADABLE;
                case INVALID_REQUEST -> USAGE;
            };
        }
        // an input error, or a failure of the tool itself: either way it did not check, so nothing may start
        return USAGE;
    }

    /** One line for stderr naming the problem. */
    static String describe(Throwable e) {
        if (e instanceof ProviderException || isInputError(e)) {
            return e.getMessage();
        }
        return "internal error (please report it): " + e;
    }

    private static boolean isInputError(Throwable e) {
        return e instanceof InputException
                || e instanceof RateCardException // a malformed rate card, with its line number
                || e instanceof InvalidRecipientsException // numbers that are not E.164
                || e instanceof NoMatchingRateException // a number no rate covers
                || e instanceof InvalidProviderSettingsException
                || e instanceof IllegalArgumentException;
    }
}
