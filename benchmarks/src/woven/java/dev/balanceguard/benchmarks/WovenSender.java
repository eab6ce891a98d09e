package dev.balanceguard.benchmarks;

import dev.balanceguard.annotation.RequiresBalance;

import java.util.List;

/**
 * The proxy benchmark's guarded sender, compiled by ajc with guard-aspectj's aspect woven in (this source root only,
 * so nothing else in the benchmarks is woven). Created with {@code new}, never a Spring bean, so no proxy adds to it.
 */
public class WovenSender {

    @RequiresBalance(min = "10")
    public int minimumOnly(List<String> numbers, String text) {
        return numbers.size() + text.length();
    }

    @RequiresBalance(recipients = "#numbers", message = "#text", reserve = false)
    public int check(List<String> numbers, String text) {
        return numbers.size() + text.length();
    }

    @RequiresBalance(recipients = "#numbers", message = "#text")
    public int reserve(List<String> numbers, String text) {
        return numbers.size() + text.length();
    }

    /** Not guarded, but in a woven class: what the aspect costs a method it lets through. */
    public int unguarded(List<String> numbers, String text) {
        return numbers.size() + text.length();
    }
}
