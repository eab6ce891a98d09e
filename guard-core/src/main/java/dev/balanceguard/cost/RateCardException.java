package dev.balanceguard.cost;

import dev.balanceguard.core.BalanceGuardException;

/**
 * A rate card could not be loaded or built. The message names the source, the line (or builder entry) and what
 * is wrong, e.g. {@code rates.csv line 4: unknown channel 'fax' (expected sms or voice)}.
 */
public final class RateCardException extends BalanceGuardException {

    private final String source;
    private final int line;

    RateCardException(String source, int line, String location, String problem) {
        super(source + (location.isEmpty() ? "" : " " + location) + ": " + problem);
        this.source = source;
        this.line = line;
    }

    RateCardException(String source, String problem, Throwable cause) {
        super(source + ": " + problem, cause);
        this.source = source;
        this.line = 0;
    }

    /** The file name or other source the card came from. */
    public String source() {
        return source;
    }

    /** The 1-based line (or builder entry) at fault, or 0 when the problem is not one line's. */
    public int line() {
        return line;
    }
}
