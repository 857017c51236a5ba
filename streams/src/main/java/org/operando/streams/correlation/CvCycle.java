package org.operando.streams.correlation;

/**
 * The feature-vs-potential curves of one CV cycle.
 *
 * @param index    0-based cycle number
 * @param startS   start time of the cycle
 * @param complete whether the cycle ran to its end (see {@link CvWaveform})
 * @param anodic   samples taken while the potential rose (dE/dt &gt; 0)
 * @param cathodic samples taken while the potential fell (dE/dt &lt; 0)
 */
public record CvCycle(int index, double startS, boolean complete, CvBranch anodic, CvBranch cathodic) {
}
