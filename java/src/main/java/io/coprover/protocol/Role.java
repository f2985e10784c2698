package io.coprover.protocol;

/**
 * What a prover is staked for. Nodes of the proof tree need {@link #BASE} (level 0) or
 * {@link #MERGE} (every node above, the root included); {@link #BOTH} serves either. Separate
 * sign-up lets merge provers run without chain state (proposal, "Statefulness").
 */
public enum Role {
    BASE,
    MERGE,
    BOTH;

    /** Whether a prover registered with this role may prove a node needing {@code nodeRole}. */
    public boolean covers(Role nodeRole) {
        if (nodeRole == BOTH) throw new IllegalArgumentException("a node needs BASE or MERGE, not BOTH");
        return this == BOTH || this == nodeRole;
    }

    /** Parses BASE / MERGE / BOTH (case-insensitive). */
    public static Role parse(String s) {
        for (Role r : values()) {
            if (r.name().equalsIgnoreCase(s.strip())) return r;
        }
        throw new IllegalArgumentException("unknown role '" + s + "' (expected BASE, MERGE or BOTH)");
    }
}
