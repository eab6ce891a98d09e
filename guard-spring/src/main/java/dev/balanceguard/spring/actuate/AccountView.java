package dev.balanceguard.spring.actuate;

import dev.balanceguard.AccountSnapshot;
import dev.balanceguard.GuardDecision;
import dev.balanceguard.ObservedSpend;
import dev.balanceguard.core.Balance;
import dev.balanceguard.core.Money;
import dev.balanceguard.provider.ProviderException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An account's snapshot as the health indicator and the {@code balance} endpoint show it: amounts as plain
 * strings, ages in seconds, failures by kind. Built only from values that carry no credential.
 */
final class AccountView {

    private AccountView() {}

    /** The snapshot, and what the readings say the account spent when {@code spend} is known. */
    static Map<String, Object> of(AccountSnapshot snapshot, Optional<ObservedSpend> spend, boolean withDecision) {
        Map<String, Object> view = of(snapshot, withDecision);
        spend.ifPresent(s -> view.put("observedSpend", spend(s)));
        return view;
    }

    private static Map<String, Object> spend(ObservedSpend s) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("since", s.since().toString());
        view.put("observed", s.observed().toPlainString());
        view.put("committed", s.committed().toPlainString());
        view.put("unguarded", s.unguarded().toPlainString());
        view.put("topUps", s.topUps().toPlainString());
        view.put("currency", s.observed().unit());
        s.burnPerHour().ifPresent(b -> view.put("burnPerHour", b.toPlainString()));
        s.runway().ifPresent(r -> view.put("runwaySeconds", r.toSeconds()));
        s.accuracy().ifPresent(a -> view.put("accuracy", a.toPlainString()));
        return view;
    }

    static Map<String, Object> of(AccountSnapshot snapshot, boolean withDecision) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("provider", snapshot.provider());
        snapshot.balance().ifPresent(balance -> {
            balance.amount()
                    .ifPresentOrElse(
                            amount -> {
                                view.put("balance", amount.toPlainString());
                                view.put("currency", amount.unit());
                            },
                            () -> view.put("balance", "unknown"));
            view.put("payment", balance.payment().wireName());
            balance.detail().ifPresent(detail -> view.put("detail", detail));
        });
        if (snapshot.balance().isEmpty()) {
            view.put("balance", "not fetched yet");
        }
        snapshot.balanceAge().ifPresent(age -> view.put("ageSeconds", age.toSeconds()));
        // both always present, zero included; "unknown" while the store cannot say (or no unit is known yet)
        view.put("reserved", snapshot.reserved().map(Money::toPlainString).orElse("unknown"));
        view.put(
                "unbookedSpend",
                snapshot.unbookedSpend().map(Money::toPlainString).orElse("unknown"));
        snapshot.lastFailure()
                .ifPresent(failure -> view.put(
                        "lastFailure",
                        failure instanceof ProviderException p
                                ? p.failure().name().toLowerCase(Locale.ROOT)
                                : "store_unavailable"));
        if (withDecision) {
            snapshot.lastDecision().ifPresent(decision -> view.put("lastDecision", decision(decision)));
        }
        return view;
    }

    static boolean known(AccountSnapshot snapshot) {
        return snapshot.balance().map(Balance::isKnown).orElse(false);
    }

    private static Map<String, Object> decision(GuardDecision d) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("allowed", d.allowed());
        view.put("reason", d.reason().name());
        view.put("message", d.message());
        view.put("estimate", plain(d.estimate()));
        view.put("required", plain(d.required()));
        view.put("min", plain(d.min()));
        view.put("reserved", plain(d.reserved()));
        d.available().ifPresent(available -> view.put("available", plain(available)));
        view.put("shortfall", plain(d.shortfall()));
        view.put("currency", d.estimate().unit());
        view.put("recipients", d.recipients());
        d.coverableRecipients().ifPresent(n -> view.put("coverableRecipients", n));
        view.put("source", d.source().name());
        return view;
    }

    private static String plain(Money money) {
        return money.toPlainString();
    }
}
