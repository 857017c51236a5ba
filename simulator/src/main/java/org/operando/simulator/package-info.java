/**
 * The synthetic operando experiment: one specimen seen by EM and optical instruments and driven by a potentiostat,
 * with a timing generator whose clock is the master clock, and with exact ground truth for every stage.
 *
 * <p>Entry points: {@link org.operando.simulator.Profile} (named settings) →
 * {@link org.operando.simulator.SimulationSettings} ({@code withX} overrides) →
 * {@link org.operando.simulator.Simulation#create(SimulationSettings, int)} → iterate
 * {@link org.operando.simulator.SimEvent}s ({@link org.operando.simulator.FrameEvent},
 * {@link org.operando.simulator.EcBlockEvent}, {@link org.operando.simulator.TriggerEvent}) in true master time, or
 * {@link org.operando.simulator.Simulation#withFaults()} for a faulty delivery stream. Conventions (clock model,
 * pixel centres, drift sign, affine layout) are in docs/decisions/050-simulator-world-model.md.
 *
 * <p>No Kafka, no Avro: the lead maps these records onto the project's schemas.
 */
package org.operando.simulator;
