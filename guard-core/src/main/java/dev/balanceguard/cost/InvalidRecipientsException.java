package dev.balanceguard.cost;

import dev.balanceguard.core.BalanceGuardException;
import java.util.List;

/**
 * Recipients that are not E.164 numbers ({@code +} and 8 to 15 digits, the first not 0; spaces and dashes
 * are tolerated). Thrown after the whole input was read, so {@link #count()} is the total; the message lists
 * the first few offenders with their 1-based positions in the input.
 */
public final class InvalidRecipientsException extends BalanceGuardException {

    /** How many offenders the message and {@link #examples()} show at most. */
    public static final int MAX_EXAMPLES = 5;

    private final List<String> examples;
    private final long count;

    InvalidRecipientsException(List<String> examples, long count) {
        super(count + (count == 1 ? " recipient is" : " recipients are")
                + " not an E.164 number ('+' and 8 to 15 digits): " + String.join(", ", examples)
                + (count > examples.size() ? ", ..." : ""));
        this.examples = List.copyOf(examples);
        this.count = count;
    }

    /** The first offenders as {@code #position 'value'}, at most {@link #MAX_EXAMPLES}. */
    public List<String> examples() {
        return examples;
    }

    /** How many recipients were invalid in total. */
    public long count() {
        return count;
    }
}
