package io.coprover.node.standalone;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DevnetHostTest {
    @Test
    void specRoundTrips() {
        DevnetHost.Spec spec = new DevnetHost.Spec(3, 8, 10, -99);
        assertEquals(spec, DevnetHost.Spec.fromJson(spec.toJson()));
    }

    @Test
    void badSpecsAreRefused() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> new DevnetHost.Spec(0, 4, 10, 1));
        assertThrows(IllegalArgumentException.class, () -> new DevnetHost.Spec(4, 0, 10, 1));
        assertThrows(IllegalArgumentException.class, () -> new DevnetHost.Spec(4, 4, 1, 1));
        String msg = assertThrows(IllegalArgumentException.class,
                () -> DevnetHost.Spec.fromJson(new ObjectMapper().readTree("{\"depth\": 4, \"txs\": \"x\"}"))).getMessage();
        assertTrue(msg.contains("devnet info: missing or bad 'txs'"), msg);
    }
}
