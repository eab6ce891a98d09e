package dev.balanceguard.aspectj;

import java.util.List;

/** Overrides a guarded method and calls the original through {@code super}: still one check per call. */
public class OverridingCampaigns extends WovenCampaigns {

    @Override
    public int send(List<String> numbers, String text) {
        return super.send(numbers, text) + 0;
    }
}
