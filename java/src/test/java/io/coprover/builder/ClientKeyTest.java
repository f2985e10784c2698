package io.coprover.builder;

import static org.junit.jupiter.api.Assertions.*;

import io.coprover.protocol.Bytes;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Client signing keys against RFC 8032 (§7.1, test 1 and 2), and the signed-message layout. */
class ClientKeyTest {
    static final HexFormat H = HexFormat.of();

    @Test
    void rfc8032Vectors() {
        ClientKey k =
                ClientKey.fromSeed(H.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
        assertEquals(
                "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
                k.publicKey().hex());
        byte[] sig = k.sign(new byte[0]);
        assertEquals(
                "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
                H.formatHex(sig));
        assertTrue(ClientKey.verify(k.publicKey(), new byte[0], sig));
        ClientKey k2 =
                ClientKey.fromSeed(H.parseHex("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb"));
        assertEquals(
                "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
                k2.publicKey().hex());
        assertEquals(
                "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
                H.formatHex(k2.sign(new byte[] {0x72})));
        // wrong message, wrong key, malformed signature or key: not valid, never an exception
        assertFalse(ClientKey.verify(k.publicKey(), new byte[] {1}, sig));
        assertFalse(ClientKey.verify(k2.publicKey(), new byte[0], sig));
        assertFalse(ClientKey.verify(k.publicKey(), new byte[0], new byte[63]));
        assertFalse(ClientKey.verify(Bytes.of(new byte[31]), new byte[0], sig));
        byte[] bad = sig.clone();
        bad[63] ^= (byte) 0x80; // S >= L
        assertFalse(ClientKey.verify(k.publicKey(), new byte[0], bad));
    }

    @Test
    void signedMessageBindsEverything() {
        byte[] m = RequestAuth.message("POST", "/v1/jobs", 1234, "00112233445566778899aabbccddeeff", new byte[] {1});
        String s = new String(m, java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(s.startsWith("coprover/builder/v1\nPOST\n/v1/jobs\n1234\n00112233445566778899aabbccddeeff\n"));
        assertTrue(s.endsWith(Bytes.of(Bytes.sha256(new byte[] {1})).hex()));
    }
}
