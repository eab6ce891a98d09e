package dev.balanceguard.spring.autoconfigure.woven;

import dev.balanceguard.GuardDecision;
import dev.balanceguard.GuardListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.stereotype.Component;

/** Every decision the guard publishes: one per check, so a test counts the checks a call made. */
@Component
public class DecisionLog implements GuardListener {

    public final List<GuardDecision> decisions = new CopyOnWriteArrayList<>();

    @Override
    public void onDecision(GuardDecision decision) {
        decisions.add(decision);
    }
}
