package dev.balanceguard.spring.autoconfigure.app;

import dev.balanceguard.spring.LowBalanceCrossedEvent;
import dev.balanceguard.spring.RunBlockedEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Collects balance-guard's application events, as a paging or chat integration would receive them. */
@Component
public class GuardEvents {

    public final List<RunBlockedEvent> blocked = new CopyOnWriteArrayList<>();
    public final List<LowBalanceCrossedEvent> lowBalance = new CopyOnWriteArrayList<>();

    @EventListener
    void on(RunBlockedEvent event) {
        blocked.add(event);
    }

    @EventListener
    void on(LowBalanceCrossedEvent event) {
        lowBalance.add(event);
    }
}
