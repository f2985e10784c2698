package io.coprover.rollup;

/**
 * What the base circuit needs for one tx: the tx, the sender's account and path before the tx,
 * and the receiver's account and path after the sender's update (so a self-transfer works).
 * A padding tx uses account 0 as both sender and receiver and changes nothing.
 */
public record TxWitness(
        Transfer tx, Account sender, MerkleWitness senderPath, Account receiver, MerkleWitness receiverPath) {
    /** The state root before the tx, implied by the sender's path. */
    public long[] rootBefore() {
        return senderPath.rootFor(sender.leafHash());
    }
}
