package dev.hearth.model;

/**
 * Whether the gateway routes requests to a node: serving nodes take traffic, isolated ones were
 * taken out of service, standbys are healthy and held in reserve, loaded with nothing, until
 * remediation promotes one in an isolated node's place.
 */
public enum NodeState {
    SERVING, ISOLATED, STANDBY
}
