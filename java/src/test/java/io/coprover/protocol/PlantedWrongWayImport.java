package io.coprover.protocol;

import io.coprover.node.ProverNode;

/**
 * A wrong-way import planted for {@code ArchitectureTest}: the protocol layer must not use the
 * node layer. It lives in test sources only, which the layer rules leave out of the real check.
 */
public final class PlantedWrongWayImport {
    private PlantedWrongWayImport() {}

    public static String nodeName(ProverNode n) {
        return n.name();
    }
}
