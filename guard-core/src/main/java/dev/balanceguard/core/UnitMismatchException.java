package dev.balanceguard.core;

/** Two amounts of different units met without a configured conversion. */
public final class UnitMismatchException extends BalanceGuardException {

    private final String left;
    private final String right;

    public UnitMismatchException(String operation, String left, String right) {
        super("cannot " + operation + " " + left + " and " + right + " without a configured conversion");
        this.left = left;
        this.right = right;
    }

    public String left() {
        return left;
    }

    public String right() {
        return right;
    }
}
