package dev.balanceguard.examples.preflight;

import dev.balanceguard.core.Money;
import java.math.BigDecimal;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Amount options, read through {@link Money}'s bounds; picocli names the option in the error (exit 2). Each
 * converter also says which amounts make sense for its option.
 */
final class Amounts {

    private Amounts() {}

    /** Any amount money can be, negative included (a balance may be below zero). */
    static final class Any implements ITypeConverter<BigDecimal> {
        @Override
        public BigDecimal convert(String value) {
            try {
                return Money.parseAmount(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** Zero or more: a minimum below zero would let the account overdraw. */
    static final class NotNegative implements ITypeConverter<BigDecimal> {
        @Override
        public BigDecimal convert(String value) {
            BigDecimal amount = new Any().convert(value);
            if (amount.signum() < 0) {
                throw new TypeConversionException(
                        "'" + value.strip() + "' is negative, which would let the account " + "overdraw");
            }
            return amount;
        }
    }

    /** Zero or more: a ceiling on prices or costs (a negative one would refuse every run, by mistake). */
    static final class Ceiling implements ITypeConverter<BigDecimal> {
        @Override
        public BigDecimal convert(String value) {
            BigDecimal amount = new Any().convert(value);
            if (amount.signum() < 0) {
                throw new TypeConversionException("'" + value.strip() + "' is negative: a ceiling is zero or more");
            }
            return amount;
        }
    }

    /** More than zero: what a credit is worth. */
    static final class Positive implements ITypeConverter<BigDecimal> {
        @Override
        public BigDecimal convert(String value) {
            BigDecimal amount = new Any().convert(value);
            if (amount.signum() <= 0) {
                throw new TypeConversionException("'" + value.strip() + "' is not more than zero");
            }
            return amount;
        }
    }
}
