/** Real servers a test starts and stops itself: Redis, PostgreSQL, and a TCP proxy that cuts or black-holes a link. */
@NullMarked
package dev.balanceguard.test.server;

import org.jspecify.annotations.NullMarked;
