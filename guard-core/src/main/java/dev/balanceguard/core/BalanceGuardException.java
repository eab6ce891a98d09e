package dev.balanceguard.core;

import org.jspecify.annotations.Nullable;

/** The root of balance-guard's unchecked exceptions. Messages never contain credentials. */
public class BalanceGuardException extends RuntimeException {

    public BalanceGuardException(String message) {
        super(message);
    }

    public BalanceGuardException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
