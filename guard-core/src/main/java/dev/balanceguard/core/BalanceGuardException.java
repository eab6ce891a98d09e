package dev.balanceguard.core;

/** The root of balance-guard's unchecked exceptions. Messages never contain credentials. */
public class BalanceGuardException extends RuntimeException {

    public BalanceGuardException(String message) {
        super(message);
    }

    public BalanceGuardException(String message, Throwable cause) {
        super(message, cause);
    }
}
