package dev.balanceguard.pricing;

/** Hears how far a {@link ProviderRates} fetch has come: for progress lines when many countries are read. */
@FunctionalInterface
public interface PricingListener {

    /** Ignores everything. */
    PricingListener NONE = (done, total, country) -> {};

    /**
     * One more country was read (or failed).
     *
     * @param done countries read so far, this one included
     * @param total countries to read
     * @param country the one just read
     */
    void countryRead(int done, int total, String country);
}
