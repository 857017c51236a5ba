/**
 * Correlation analytics kernels (plain Java, no Kafka): what an image shows against what the
 * electrochemistry or the pump laser does.
 *
 * <ul>
 *   <li>Per frame: {@link org.operando.streams.correlation.ImageFeatures} — ROI mean intensity
 *       (also of an EM-defined ROI in the optical frame through an {@link org.operando.streams.correlation.AffineMap}),
 *       particle count and projected area by threshold and 8-connected components.</li>
 *   <li>Operando: {@link org.operando.streams.correlation.CvCurve} (feature vs potential per cycle and
 *       branch), {@link org.operando.streams.correlation.ChargeIntegrator} (charge passed vs area change),
 *       {@link org.operando.streams.correlation.LaggedCrossCorrelation} (response lag with uncertainty,
 *       see docs/decisions/040-correlation-lag.md).</li>
 *   <li>Pump-probe: {@link org.operando.streams.correlation.PumpProbeAnalysis} (delay bins, pumped minus
 *       unpumped, fitted time constant).</li>
 * </ul>
 *
 * <p>Times are seconds on the master clock (convert from int64 ns at the processor boundary);
 * image coordinates have pixel centres at integers. Failures to produce an answer are
 * {@link org.operando.streams.correlation.CorrelationException}s, never NaN or null.
 */
package org.operando.streams.correlation;
