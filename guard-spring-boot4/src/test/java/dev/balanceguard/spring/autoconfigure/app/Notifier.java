package dev.balanceguard.spring.autoconfigure.app;

import dev.balanceguard.annotation.RequiresBalance;
import java.util.List;

/** The annotation sits on the interface only; the implementation carries none. */
public interface Notifier {

    @RequiresBalance(recipients = "#p0", message = "#p1")
    void notifyAll(List<String> numbers, String text);

    int sent();
}
