package dev.hearth.remediation.power;

/** Whether a power state reached a GPU or was only recorded. */
public enum PowerStateMode {
    /** nvidia-smi set it on a GPU of this machine. */
    APPLIED,
    /** No GPU could be reached (no nvidia-smi, or the node's GPU is not on this machine): recorded only. */
    SIMULATED
}
