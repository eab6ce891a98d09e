/**
 * The provider clients' HTTP transport. Not API: it may change in any release.
 */
@NullMarked
package dev.balanceguard.provider.internal;

import org.jspecify.annotations.NullMarked;
