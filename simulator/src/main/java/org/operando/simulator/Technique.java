package org.operando.simulator;

/** Potentiostat technique. */
public enum Technique {
    /** Cyclic voltammetry: triangular potential sweep between two vertex potentials. */
    CV,
    /** Chronoamperometry: potential steps between a deposition and a dissolution potential. */
    CHRONOAMPEROMETRY
}
