/**
 * The contract kit every store passes: the ledger's and the readings' rules, a model-based comparison, faults and
 * fleets of separate JVMs. A third-party store extends these classes in its own tests.
 */
@NullMarked
package dev.balanceguard.test.store;

import org.jspecify.annotations.NullMarked;
