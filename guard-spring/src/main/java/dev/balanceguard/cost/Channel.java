package dev.balanceguard.cost;

// TEMPORARY stand-in until the cost branch reaches main; deleted on merge.
public enum Channel { SMS, VOICE }
