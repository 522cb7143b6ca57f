/**
 * sigdrift pipeline: the command line and the Flink job. Packages, from the entry point down (each uses only
 * the ones below it; {@code PackageCyclesTest} fails the build on a cycle):
 * <ul>
 *   <li>{@code cli}: the {@code sigdrift} commands ({@code reduce}, {@code compare}, {@code run}, {@code demo}),
 *       their one option parser ({@code Args}) and {@code RunSpec}, what {@code run} was asked to do;</li>
 *   <li>{@code demo}: the demo's log generator (traffic model, sources and log formats, incident schedule,
 *       writer) and its report of found incidents;</li>
 *   <li>{@code job}: the Flink job ({@code SigdriftJob}), its config and deployment, the count operator;</li>
 *   <li>{@code anomaly}: the anomaly stage, a thin operator over the per-source core of {@code baselines};</li>
 *   <li>{@code parse}, {@code input}, {@code connect}: lines into events; sources and sinks;</li>
 *   <li>{@code state}: the write-back cache of live per-key objects shared by the keyed operators;</li>
 *   <li>{@code record}: the records between operators, the source key ({@code SourceKey}) and the JSON Lines
 *       outputs (written by {@code JsonLines}, read by {@code JsonLinesFiles}).</li>
 * </ul>
 */
package io.sigdrift.pipeline;
