/**
 * The per-call support the interceptors share (Spring AOP's and the AspectJ aspect): a
 * {@link dev.balanceguard.interceptor.GuardedMethod} read once per method, and the
 * {@link dev.balanceguard.interceptor.GuardedCall} that checks or reserves before it runs.
 */
@NullMarked
package dev.balanceguard.interceptor;

import org.jspecify.annotations.NullMarked;
