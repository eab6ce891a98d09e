package dev.balanceguard.cost;

import dev.balanceguard.Money;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

// TEMPORARY stand-in until the cost branch reaches main; deleted on merge.
public final class CostEstimator {
    private final RateCard card;

    public CostEstimator(RateCard card) {
        this.card = card;
    }

    public CampaignEstimate sms(Iterable<String> recipients, String message) {
        return sms(recipients, r -> message);
    }

    public CampaignEstimate sms(Iterable<String> recipients, Function<String, String> messageFor) {
        List<Money> costs = new ArrayList<>();
        for (String r : recipients) {
            costs.add(card.price(Channel.SMS, r).times(segments(messageFor.apply(r))));
        }
        return new CampaignEstimate(costs);
    }

    public CampaignEstimate smsCount(long recipients, String message) {
        List<Money> costs = new ArrayList<>();
        for (long i = 0; i < recipients; i++) {
            costs.add(card.price(Channel.SMS, "*").times(segments(message)));
        }
        return new CampaignEstimate(costs);
    }

    public CampaignEstimate voice(Iterable<String> recipients, Duration duration) {
        List<Money> costs = new ArrayList<>();
        long minutes = (duration.getSeconds() + 59) / 60;
        for (String r : recipients) {
            costs.add(card.price(Channel.VOICE, r).times(minutes));
        }
        return new CampaignEstimate(costs);
    }

    private static long segments(String text) {
        return text.length() <= 160 ? 1 : (text.length() + 152) / 153;
    }
}
