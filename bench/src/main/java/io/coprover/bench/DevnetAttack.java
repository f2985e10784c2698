package io.coprover.bench;

import io.coprover.net.http.SignedRequests;
import io.coprover.node.GossipTransport;
import io.coprover.node.net.ContractServer;
import io.coprover.node.net.HttpContractClient;
import io.coprover.node.net.HttpGossipTransport;
import io.coprover.node.net.NetSettings;
import io.coprover.protocol.Bytes;
import io.coprover.protocol.Registration;
import io.coprover.protocol.Role;
import io.coprover.protocol.SigningKey;
import io.coprover.protocol.vrf.Ecvrf;
import io.coprover.protocol.vrf.VrfKeyPair;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A hostile participant against a running devnet (bench/devnet-trial.sh): for {@code seconds} it
 * registers sybil provers with faucet money until the faucet runs dry (then tries stake from
 * nothing), holds slow connections (well-formed signed headers, 10 of 100 declared body bytes)
 * against the contract and every gossip port, reopening each one a server cuts, sends junk gossip
 * in valid signed envelopes under fresh keys, and makes forged contract calls (a victim's key
 * registered by another, unsigned and replayed requests, a malformed proof). Prints what each
 * attack got back, one {@code attack.* key=value} line per kind, so a run's log shows every
 * answer was a refusal.
 *
 * <pre>java -cp bench/target/benchmarks.jar io.coprover.bench.DevnetAttack CONTRACT GOSSIP[,GOSSIP...] SECONDS</pre>
 */
public final class DevnetAttack {
    /** Where the raw slow connections come from (another loopback address: another machine, to the nodes' per-address cap). */
    static final String SLOW_FROM = System.getProperty("attack.slowFrom", "127.0.0.2");

    private final InetSocketAddress contract;
    private final List<InetSocketAddress> gossip;
    private final SecureRandom rnd = new SecureRandom();
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    DevnetAttack(InetSocketAddress contract, List<InetSocketAddress> gossip) {
        this.contract = contract;
        this.gossip = gossip;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: DevnetAttack CONTRACT_HOST:PORT GOSSIP_HOST:PORT[,...] SECONDS");
            System.exit(2);
        }
        io.coprover.log.Log.configure(java.util.logging.Level.INFO, io.coprover.log.LogFormat.Style.LOGFMT, System.err);
        List<InetSocketAddress> g = new ArrayList<>();
        for (String s : args[1].split(",")) g.add(NetSettings.parseAddress(s.trim()));
        new DevnetAttack(NetSettings.parseAddress(args[0]), g).run(Long.parseLong(args[2]));
    }

    /** Counts an error by kind and prints the first message of each kind. */
    private void error(String what, Exception e) {
        String k = what + ".error." + e.getClass().getSimpleName();
        if (counts.get(k) == null)
            System.out.println("attack.first_error kind=" + k + " message=\"" + e.getMessage() + "\"");
        count(k);
    }

    private void count(String what) {
        counts.computeIfAbsent(what, k -> new AtomicLong()).incrementAndGet();
    }

    void run(long seconds) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Thread> ts = new ArrayList<>();
        ts.add(start("sybil", this::sybils));
        ts.add(start("forge", this::forgeries));
        for (int i = 0; i < 4; i++)
            ts.add(start("slow-contract-" + i, () -> slow(contract, "/contract/submit", true, end)));
        for (InetSocketAddress a : gossip)
            for (int i = 0; i < 4; i++) ts.add(start("slow-gossip-" + i, () -> slow(a, "/gossip/proof", false, end)));
        ts.add(start("junk", () -> junk(end)));
        for (Thread t : ts) t.join(Math.max(1, (end - System.nanoTime()) / 1_000_000 + 30_000));
        for (Thread t : ts) t.interrupt();
        Map<String, Long> sorted = new TreeMap<>();
        counts.forEach((k, v) -> sorted.put(k, v.get()));
        sorted.forEach((k, v) -> System.out.println("attack.result " + k + "=" + v));
    }

    private Thread start(String name, Attack a) {
        Thread t = new Thread(
                () -> {
                    try {
                        a.run();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (Exception e) {
                        error(name, e);
                    }
                },
                "attack-" + name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    interface Attack {
        void run() throws Exception;
    }

    /** Fresh keys funded by the faucet until it runs dry, then stake from an empty account. */
    private void sybils() {
        for (int i = 0; i < 200; i++) {
            VrfKeyPair k = VrfKeyPair.generate(Ecvrf.P256_SHA256_TAI, rnd);
            try (HttpContractClient c = new HttpContractClient(contract, SigningKey.derivedFrom(k), Duration.ZERO)) {
                BigInteger stake = c.params().minProverStake();
                try {
                    c.faucet();
                    count("sybil.funded");
                } catch (IllegalArgumentException e) {
                    count(e.getMessage().contains("dry") ? "sybil.faucet_dry" : "sybil.faucet_refused");
                }
                try {
                    c.registerProver(Registration.prover(k, Role.BOTH), stake);
                    count("sybil.registered_with_faucet_money");
                } catch (IllegalArgumentException e) {
                    count("sybil.register_refused");
                    if (e.getMessage().contains("holds 0")) {
                        System.out.println("attack.sybil stop=\"" + e.getMessage() + "\"");
                        return;
                    }
                }
            } catch (RuntimeException e) {
                error("sybil", e);
            }
        }
    }

    private HttpRequest signed(String path, String body, SigningKey key) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder r = HttpRequest.newBuilder(
                        URI.create("http://" + contract.getHostString() + ":" + contract.getPort() + path))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(b));
        new SignedRequests(ContractServer.DOMAIN, ContractServer.SIGNER)
                .sign(key.publicKey().hex(), key, "POST", path, b, System.currentTimeMillis())
                .forEach(r::header);
        return r.build();
    }

    private void answer(String what, HttpRequest r) {
        try {
            count(what + "."
                    + http.send(r, HttpResponse.BodyHandlers.discarding()).statusCode());
        } catch (IOException e) {
            count(what + ".io_error");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A victim's key claimed by another, unsigned and replayed calls, a malformed proof, a submission in another's name. */
    private void forgeries() throws InterruptedException {
        for (int round = 0; round < 20 && !Thread.currentThread().isInterrupted(); round++) {
            VrfKeyPair victim = VrfKeyPair.generate(Ecvrf.P256_SHA256_TAI, rnd);
            SigningKey mallory = SigningKey.generate(rnd);
            String reg = "{\"pk\": \"" + Bytes.of(victim.publicKey()).hex() + "\", \"signingKey\": \""
                    + mallory.publicKey().hex()
                    + "\", \"role\": \"BOTH\", \"vrfProof\": \"00\", \"signature\": \"00\", \"stake\": \"1\"}";
            answer("forge.register_victim", signed("/contract/register", reg, SigningKey.derivedFrom(victim)));
            answer(
                    "forge.unsigned_register",
                    HttpRequest.newBuilder(URI.create("http://" + contract.getHostString() + ":" + contract.getPort()
                                    + "/contract/register"))
                            .POST(HttpRequest.BodyPublishers.ofString(reg))
                            .build());
            HttpRequest once = signed("/devnet/faucet", "", mallory);
            answer("forge.faucet_first", once);
            answer("forge.faucet_replayed", once);
            answer(
                    "forge.malformed_proof",
                    signed(
                            "/contract/submit",
                            "{\"block\": 1, \"rootId\": \"" + "ab".repeat(32) + "\", \"proofs\": [\"00ff\"]}",
                            mallory));
            answer(
                    "forge.submit_for_another",
                    signed(
                            "/contract/submit",
                            "{\"block\": 1, \"rootId\": \"" + "ab".repeat(32) + "\", \"submitter\": \""
                                    + Bytes.of(victim.publicKey()).hex() + "\", \"proofs\": []}",
                            mallory));
            Thread.sleep(3000);
        }
    }

    /** Holds one slow connection after another: headers, 10 of 100 body bytes, then nothing until the server cuts it. */
    private void slow(InetSocketAddress to, String path, boolean contractCall, long end) throws InterruptedException {
        SigningKey k = SigningKey.generate(rnd);
        while (System.nanoTime() < end && !Thread.currentThread().isInterrupted()) {
            Map<String, String> h = contractCall
                    ? new SignedRequests(ContractServer.DOMAIN, ContractServer.SIGNER)
                            .sign(k.publicKey().hex(), k, "POST", path, new byte[0], System.currentTimeMillis())
                    : HttpGossipTransport.envelope(GossipTransport.Topic.PROOF, new byte[100], "slow", k);
            StringBuilder req = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: " + to.getHostString() + "\r\n");
            h.forEach((n, v) -> req.append(n).append(": ").append(v).append("\r\n"));
            req.append("Content-Length: 100\r\n\r\n0123456789");
            long t0 = System.nanoTime();
            try (Socket s = new Socket()) {
                s.bind(new InetSocketAddress(SLOW_FROM, 0));
                s.connect(
                        new InetSocketAddress(to.getHostString(), to.getPort()),
                        5000); // resolved: parseAddress leaves it unresolved
                OutputStream out = s.getOutputStream();
                out.write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                s.setSoTimeout(1000);
                InputStream in = s.getInputStream();
                StringBuilder got = new StringBuilder();
                String how = "held_to_the_end";
                try {
                    while (System.nanoTime() < end) {
                        int c;
                        try {
                            c = in.read();
                        } catch (java.net.SocketTimeoutException e) {
                            continue; // still held open by the server
                        }
                        if (c < 0) {
                            how = "closed";
                            break;
                        }
                        if (got.length() < 12) got.append((char) c);
                    }
                } catch (IOException e) {
                    how = e.getClass().getSimpleName();
                }
                String status = got.length() >= 12 ? got.substring(9, 12) : "none";
                count("slow." + (contractCall ? "contract" : "gossip") + "." + how + ".answer_" + status);
                counts.computeIfAbsent("slow.held_ms_total", x -> new AtomicLong())
                        .addAndGet((System.nanoTime() - t0) / 1_000_000);
            } catch (IOException e) {
                count("slow.connect_failed." + e.getClass().getSimpleName());
                Thread.sleep(200);
            }
        }
    }

    /** Junk payloads in valid signed envelopes; a fresh key whenever the current one is banned. */
    private void junk(long end) throws InterruptedException {
        SigningKey k = SigningKey.generate(rnd);
        while (System.nanoTime() < end && !Thread.currentThread().isInterrupted()) {
            for (InetSocketAddress a : gossip) {
                byte[] body = new byte[64 + rnd.nextInt(512)];
                rnd.nextBytes(body);
                HttpRequest.Builder r = HttpRequest.newBuilder(
                                URI.create("http://" + a.getHostString() + ":" + a.getPort() + "/gossip/proof"))
                        .timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
                HttpGossipTransport.envelope(GossipTransport.Topic.PROOF, body, "junk", k)
                        .forEach(r::header);
                try {
                    int code = http.send(r.build(), HttpResponse.BodyHandlers.discarding())
                            .statusCode();
                    count("junk." + code);
                    if (code == 403) {
                        count("junk.banned_key_replaced");
                        k = SigningKey.generate(rnd);
                    }
                } catch (IOException e) {
                    count("junk.io_error");
                }
            }
            Thread.sleep(100);
        }
    }
}
