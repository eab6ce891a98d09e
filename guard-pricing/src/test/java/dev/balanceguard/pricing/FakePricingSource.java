package dev.balanceguard.pricing;

import dev.balanceguard.core.Money;
import dev.balanceguard.cost.Channel;
import dev.balanceguard.provider.ProviderException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** An in-memory price list for the rule's tests: countries, a default rate, failures by country. */
final class FakePricingSource implements PricingSource {

    final Map<String, CountryPrices> countries = new TreeMap<>();
    final Map<String, ProviderException> failures = new TreeMap<>();
    final List<String> asked = new CopyOnWriteArrayList<>();
    Money defaultPrice;
    Set<String> numberTypes = Set.of();
    Set<Channel> channels = EnumSet.allOf(Channel.class);

    FakePricingSource sms(String country, String... carrierPrices) {
        List<CarrierPrice> prices = new ArrayList<>();
        for (String price : carrierPrices) {
            String[] parts = price.split(" ");
            String type = parts.length > 2 ? parts[2] : null;
            prices.add(new CarrierPrice("001", "01", "carrier", type, Money.of(parts[0], parts[1])));
        }
        CountryPrices old = countries.getOrDefault(country, CountryPrices.unlisted(country));
        countries.put(country, new CountryPrices(country, prices, old.voice()));
        return this;
    }

    FakePricingSource voice(String country, String prefix, String price, String currency) {
        CountryPrices old = countries.getOrDefault(country, CountryPrices.unlisted(country));
        List<VoicePrice> voice = new ArrayList<>(old.voice());
        voice.add(new VoicePrice(prefix, Money.of(price, currency), 60, 60));
        countries.put(country, new CountryPrices(country, old.sms(), voice));
        return this;
    }

    @Override
    public String provider() {
        return "fake";
    }

    @Override
    public Set<Channel> channels() {
        return channels;
    }

    @Override
    public Set<String> numberTypes() {
        return numberTypes;
    }

    @Override
    public Session open(Set<Channel> wanted) {
        return new Session() {
            @Override
            public Set<String> countries() {
                Set<String> all = new java.util.TreeSet<>(countries.keySet());
                all.addAll(failures.keySet());
                return all;
            }

            @Override
            public CountryPrices country(String country) {
                asked.add(country);
                ProviderException failure = failures.get(country);
                if (failure != null) {
                    throw failure;
                }
                CountryPrices prices = countries.getOrDefault(country, CountryPrices.unlisted(country));
                return new CountryPrices(
                        country,
                        wanted.contains(Channel.SMS) ? prices.sms() : List.of(),
                        wanted.contains(Channel.VOICE) ? prices.voice() : List.of());
            }

            @Override
            public Optional<Money> defaultSmsPrice() {
                return Optional.ofNullable(defaultPrice);
            }
        };
    }
}
