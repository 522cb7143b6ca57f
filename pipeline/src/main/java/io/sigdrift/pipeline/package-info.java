/** sigdrift pipeline: see the module's pom description and README.md. */
package io.sigdrift.pipeline;
