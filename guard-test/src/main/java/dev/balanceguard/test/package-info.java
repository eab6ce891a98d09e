/** Test support for balance-guard's users and stores: a manual clock, waiting for a condition, store stand-ins. */
@NullMarked
package dev.balanceguard.test;

import org.jspecify.annotations.NullMarked;
