pragma circom 2.0.0;

// Chain of N squarings: x[i+1] = x[i]*x[i] + C (C = 7), x[0] private, out = x[N] public.
// bench/plonk-peer.sh replaces the 1000 below with 2^k - 6.
template Chain(N, C) {
    signal input x0;
    signal output out;
    signal x[N + 1];
    x[0] <== x0;
    for (var i = 0; i < N; i++) {
        x[i + 1] <== x[i] * x[i] + C;
    }
    out <== x[N];
}

component main = Chain(1000, 7);
