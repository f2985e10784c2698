package io.coprover.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.coprover.sim.model.DeviceProfiles;
import io.coprover.sim.model.ModelConfig;
import io.coprover.sim.model.ModelParams;
import io.coprover.sim.model.Sweep;
import io.coprover.sim.model.SweepReport;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * Opens the simulator's two HTML reports (a devnet run's and a sweep's) in a real headless
 * Chromium (Debian's {@code chromium} and {@code chromium-driver} through Selenium) and checks
 * what a reader would see: every chart rendered marks, no label is clipped by its chart, no chart
 * label shows an amount with more than 6 decimals, and the console stayed free of errors. Skips
 * with a message where no browser is installed; {@code COPROVER_REQUIRE_BROWSER=1} (set by
 * {@code .ci/run}, which installs one) makes that a failure. Screenshots go to
 * {@code target/report-*.png}.
 */
class ReportBrowserTest {
    static ChromeDriver driver;

    static String find(String... paths) {
        for (String p : paths) if (new File(p).canExecute()) return p;
        return null;
    }

    @BeforeAll
    static void start() {
        String browser = find("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome");
        String chromedriver = find("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");
        boolean required = "1".equals(System.getenv("COPROVER_REQUIRE_BROWSER"));
        if (browser == null || chromedriver == null) {
            String why =
                    "no headless Chromium here (need chromium and chromedriver, e.g. apt-get install chromium chromium-driver)";
            if (required) throw new IllegalStateException(why + ", and COPROVER_REQUIRE_BROWSER=1");
            assumeTrue(false, why);
        }
        ChromeOptions o = new ChromeOptions();
        o.setBinary(browser);
        o.addArguments(
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1200,900");
        o.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        // an explicit driver: Selenium Manager would try to download one
        driver = new ChromeDriver(
                new ChromeDriverService.Builder()
                        .usingDriverExecutable(new File(chromedriver))
                        .build(),
                o);
    }

    @AfterAll
    static void stop() {
        if (driver != null) driver.quit();
    }

    /** A devnet result with long amounts (18 decimals), several blocks and a long timeline. */
    static SimResult devnet() {
        SimConfig c = SimConfig.defaults();
        List<SimResult.ProverInfo> provers = new ArrayList<>();
        List<SimResult.ProverSummary> sums = new ArrayList<>();
        List<SimResult.JobSpan> jobs = new ArrayList<>();
        String[] strategies = {"fixed:0%/all", "fixed:10%/topk", "random:0%-20%/all", "fixed:5%/capacity:2"};
        for (int i = 1; i <= 4; i++) {
            provers.add(new SimResult.ProverInfo(
                    "prover-" + i, "02feb9fc9b61e773aabbccdd" + i, "BOTH", strategies[i - 1], "java", false));
            sums.add(new SimResult.ProverSummary(
                    "prover-" + i, strategies[i - 1], (i * 123_456_789_012_345_678L) + "", i, i + 2, 2, 1234.5));
            for (int j = 0; j < 6; j++) {
                jobs.add(new SimResult.JobSpan(
                        "prover-" + i,
                        "prover-" + i + "/java",
                        1 + j / 3,
                        "(0," + j + ")",
                        j % 3 == 0 ? "MERGE" : "BASE",
                        j == 5 ? "FAILED" : "DONE",
                        1,
                        1000.0 * j + 100 * i,
                        1000.0 * j + 100 * i + 900,
                        null));
            }
        }
        List<SimResult.BlockReport> blocks = new ArrayList<>();
        for (int b = 1; b <= 12; b++) {
            List<SimResult.RankEntry> rank = List.of(
                    new SimResult.RankEntry(
                            1,
                            "prover-1",
                            "6379539865848451855",
                            24_943,
                            "6538664728722309789619265",
                            true,
                            true,
                            true),
                    new SimResult.RankEntry(
                            2,
                            "prover-2",
                            "1773142314603195124",
                            100_000,
                            "1950456546063514637280000",
                            true,
                            true,
                            false));
            blocks.add(new SimResult.BlockReport(
                    b,
                    10L * b,
                    10L * b + 8,
                    List.of(new SimResult.Bid(
                            "seq-1", 989_534, "16125439934151568279", "32082111013952306244391986", true)),
                    "seq-1",
                    989_534,
                    4,
                    "27726",
                    List.of(),
                    List.of(new SimResult.NodeRanking("(0,0)", rank)),
                    List.of(new SimResult.ProofInfo(
                            "prover-1", "(0,0)", "BASE", "2f4661a02155aa", 24_943, "java", 120, 4700, false, true)),
                    List.of(),
                    "b3237ea3bebb0011",
                    "323",
                    "prover-1",
                    "300000000000000",
                    false,
                    "0",
                    List.of(new SimResult.Payout("prover-1", 1, "98953400000002743", "10994822222222527")),
                    "10466000000000290",
                    "1",
                    "2",
                    "6",
                    true,
                    true,
                    0,
                    4,
                    8900));
        }
        SimResult.Summary s = new SimResult.Summary(
                sums,
                List.of(new SimResult.StrategySummary("random:0%-20%/all", 1, 12, 3, 4567.8, "493827156049382712")),
                List.of(),
                12,
                0,
                "27712449411111880",
                "0",
                0,
                81_600);
        return new SimResult(
                c,
                new SimResult.Setup("java", 31510, 15, 5595, 13, 6300),
                provers,
                List.of(new SimResult.SequencerInfo("seq-1", "03ab")),
                blocks,
                jobs,
                s);
    }

    @Test
    void theDevnetReportRendersWithNothingClipped() throws Exception {
        check("devnet", HtmlReport.render(devnet()));
    }

    @Test
    void theSweepReportRendersWithNothingClipped() throws Exception {
        ModelConfig base = new ModelParams(ModelConfig.defaults())
                .set("provers", "16")
                .set("txs", "8")
                .set("blocks", "3")
                .set("window", "8")
                .build();
        Sweep.Result r = Sweep.run(
                base,
                DeviceProfiles.defaults(),
                List.of(
                        new Sweep.Axis("sequencer-strategies", List.of("bid:60%-100%", "bid:100%-300%/mev:1")),
                        new Sweep.Axis(
                                "strategies",
                                List.of(
                                        "fixed:0%/all",
                                        "fixed:0%/all*12;fixed:0%/all/aggregator*1;fixed:10%/all/sells:50%"))),
                2,
                2,
                null);
        assertEquals(4, r.points().size());
        String html = SweepReport.render(r, base);
        assertTrue(
                html.contains("469677419354838709651"), "the reward split example's 91 rewards"); // PROTOCOL §8's table
        assertTrue(html.contains("difference S(R2) + S(B3) − S(R1) = 40 + 30 − 60 = 10"), "the tree score example");
        check("sweep", html);
    }

    @SuppressWarnings("unchecked")
    void check(String name, String html) throws Exception {
        Path dir = Path.of("target");
        Files.createDirectories(dir);
        Path page = dir.resolve("report-" + name + ".html").toAbsolutePath();
        Files.writeString(page, html);
        driver.get(page.toUri().toString());
        JavascriptExecutor js = driver;
        List<Object> charts = (List<Object>) js.executeScript("""
                return Array.from(document.querySelectorAll('svg')).map((svg, i) => {
                  const b = svg.getBoundingClientRect();
                  const marks = svg.querySelectorAll('rect,circle,path,line').length;
                  const clipped = [];
                  svg.querySelectorAll('text').forEach(t => {
                    const r = t.getBoundingClientRect();
                    if (r.width === 0) return;
                    if (r.left < b.left - 0.5 || r.right > b.right + 0.5 || r.top < b.top - 0.5 || r.bottom > b.bottom + 0.5) clipped.push(t.textContent);
                  });
                  const long = Array.from(svg.querySelectorAll('text')).map(t => t.textContent).filter(s => /\\d\\.\\d{7,}/.test(s));
                  return {i: i, w: b.width, h: b.height, marks: marks, clipped: clipped, long: long};
                });""");
        assertTrue(charts.size() >= 4, name + ": charts found: " + charts.size());
        for (Object o : charts) {
            Map<String, Object> c = (Map<String, Object>) o;
            assertTrue(
                    ((Number) c.get("w")).doubleValue() > 0 && ((Number) c.get("h")).doubleValue() > 0,
                    name + " chart " + c.get("i") + " has no size");
            assertTrue(((Number) c.get("marks")).intValue() > 0, name + " chart " + c.get("i") + " drew nothing");
            assertEquals(List.of(), c.get("clipped"), name + " chart " + c.get("i") + ": labels past its edge");
            assertEquals(List.of(), c.get("long"), name + " chart " + c.get("i") + ": labels with unrounded amounts");
        }
        List<String> errors = new ArrayList<>();
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            if (e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue()) errors.add(e.getMessage());
        }
        assertEquals(List.of(), errors, name + ": console errors");
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(
                shot.toPath(),
                dir.resolve("report-" + name + ".png"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertTrue(Set.of("complete").contains(js.executeScript("return document.readyState")));
    }
}
