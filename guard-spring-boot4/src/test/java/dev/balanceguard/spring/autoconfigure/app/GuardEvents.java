package dev.balanceguard.spring.autoconfigure.app;

import dev.balanceguard.spring.LowBalanceCrossedEvent;
import dev.balanceguard.spring.RunBlockedEvent;
import dev.balanceguard.spring.TopUpEvent;
import dev.balanceguard.spring.UnguardedSpendEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Collects balance-guard's application events, as a paging or chat integration would receive them. */
@Component
public class GuardEvents {

    public final List<RunBlockedEvent> blocked = new CopyOnWriteArrayList<>();
    public final List<LowBalanceCrossedEvent> lowBalance = new CopyOnWriteArrayList<>();
    public final List<TopUpEvent> topUps = new CopyOnWriteArrayList<>();
    public final List<UnguardedSpendEvent> unguarded = new CopyOnWriteArrayList<>();

    @EventListener
    void on(TopUpEvent event) {
        topUps.add(event);
    }

    @EventListener
    void on(UnguardedSpendEvent event) {
        unguarded.add(event);
    }

    @EventListener
    void on(RunBlockedEvent event) {
        blocked.add(event);
    }

    @EventListener
    void on(LowBalanceCrossedEvent event) {
        lowBalance.add(event);
    }
}
