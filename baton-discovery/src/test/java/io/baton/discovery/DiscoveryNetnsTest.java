package io.baton.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tests for {@link DeviceAnnouncer} and {@link DeviceBrowser} over real multicast, between network namespaces this
 * test creates (each process a separate JVM inside one): A is joined to B by one veth pair (10.232.0.0/24) and to C by
 * another (10.232.1.0/24). A's multicast route points at the A–C link on purpose, so that an announcement that
 * followed the routing table instead of the bind address would reach C. D has nothing but {@code lo}.
 */
class DiscoveryNetnsTest {
  private static final Duration FOUND_WITHIN = Duration.ofSeconds(20);
  private static final Duration LOST_WITHIN = Duration.ofSeconds(25);
  private static final String A_TO_B = "10.232.0.1";
  private static final String B = "10.232.0.2";
  private static final String A_TO_C = "10.232.1.1";
  private static final String C = "10.232.1.2";
  private static final String ID_A = "a1a2a3a4a5a6a7a8a9a0b1b2b3b4b5b6";
  private static final String ID_B = "b1b2b3b4b5b6b7b8b9b0c1c2c3c4c5c6";
  private static final String ID_C = "c1c2c3c4c5c6c7c8c9c0d1d2d3d4d5d6";

  private static TestNetwork net;
  private static String nsA;
  private static String nsB;
  private static String nsC;
  private static String nsD;

  @BeforeAll
  static void createNamespaces() throws Exception {
    String missing = TestNetwork.missingPrerequisite();
    if (missing != null) {
      System.err.println("SKIPPING DiscoveryNetnsTest: " + missing);
      Assumptions.abort("SKIPPED: " + missing);
    }
    net = new TestNetwork();
    nsA = net.namespace("a");
    nsB = net.namespace("b");
    nsC = net.namespace("c");
    nsD = net.namespace("d");
    String[] ab = net.link(nsA, A_TO_B, nsB, B);
    String[] ac = net.link(nsA, A_TO_C, nsC, C);
    net.multicastRoute(nsA, ac[0]);
    net.multicastRoute(nsB, ab[1]);
    net.multicastRoute(nsC, ac[1]);
  }

  @AfterAll
  static void deleteNamespaces() {
    if (net != null) {
      net.close();
    }
  }

  @Test
  void announce_seenOnTheBindInterfaceOnly_foundThenLostAfterClose() throws Exception {
    TestNetwork.Probe browserB = net.probe(nsB, "browse", B, ID_B);
    TestNetwork.Probe browserC = net.probe(nsC, "browse", C, ID_C);
    awaitRunning(browserB, "browser");
    awaitRunning(browserC, "browser");

    TestNetwork.Probe announcer = net.probe(nsA, "announce", A_TO_B, ID_A, "Living room ♪", "7700");
    long start = Long.parseLong(announcer.await("START", FOUND_WITHIN)[1]);
    long started = Long.parseLong(announcer.await("STARTED", FOUND_WITHIN)[1]);
    String[] found = browserB.await("FOUND", FOUND_WITHIN);

    assertThat(found).containsExactly("FOUND", found[1], ID_A, "Living room ♪", A_TO_B, "7700", "1");
    long foundMs = Long.parseLong(found[1]) - start;
    System.out.printf("mDNS: start() returned after %d ms; found after %d ms%n", started - start, foundMs);
    assertThat(started - start).as("start() must not wait for the network").isLessThan(1_000);
    // C is on A's other interface (where A's multicast route points): it must hear nothing. C has been browsing
    // since before A announced, and it queries on its own too.
    await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
        .until(() -> browserC.pending().stream().noneMatch(l -> l.startsWith("FOUND")));

    announcer.stop();
    long stopping = System.currentTimeMillis();
    String[] closed = announcer.await("CLOSED", Duration.ofSeconds(15));
    String[] lost = browserB.await("LOST", LOST_WITHIN);

    assertThat(lost[2]).isEqualTo(ID_A);
    System.out.printf("mDNS: close() took %d ms; lost after %d ms%n", Long.parseLong(closed[1]) - stopping,
        Long.parseLong(lost[1]) - stopping);
    browserB.stop();
    browserC.stop();
    browserB.await("CLOSED", Duration.ofSeconds(15));
    browserC.await("CLOSED", Duration.ofSeconds(15));
  }

  @Test
  void browse_hearsOnlyTheBindInterface() throws Exception {
    TestNetwork.Probe announcerC = net.probe(nsC, "announce", C, ID_C, "Kitchen", "7701");
    TestNetwork.Probe onLinkToC = net.probe(nsA, "browse", A_TO_C, ID_A);
    TestNetwork.Probe onLinkToB = net.probe(nsA, "browse", A_TO_B, ID_A);
    awaitRunning(onLinkToB, "browser");

    String[] found = onLinkToC.await("FOUND", FOUND_WITHIN);

    assertThat(found).containsExactly("FOUND", found[1], ID_C, "Kitchen", C, "7701", "1");
    // Both browsers are in A and bind the same port; the one on the A–B link must not report what arrives on A–C.
    await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
        .until(() -> onLinkToB.pending().stream().noneMatch(l -> l.startsWith("FOUND")));
    announcerC.stop();
    announcerC.await("CLOSED", Duration.ofSeconds(15));
  }

  @Test
  void browse_skipsItsOwnDevice() throws Exception {
    TestNetwork.Probe self = net.probe(nsB, "announce", B, ID_B, "Self", "7702");
    TestNetwork.Probe other = net.probe(nsB, "announce", B, ID_C, "Other", "7703");
    TestNetwork.Probe browser = net.probe(nsA, "browse", A_TO_B, ID_B);
    TestNetwork.Probe witness = net.probe(nsA, "browse", A_TO_B, ID_A);

    // The witness (another device id) sees both: the announcement of ID_B is on the link.
    String first = witness.await("FOUND", FOUND_WITHIN)[2];
    String second = witness.await("FOUND", FOUND_WITHIN)[2];

    assertThat(List.of(first, second)).containsExactlyInAnyOrder(ID_B, ID_C);
    assertThat(browser.await("FOUND", FOUND_WITHIN)[2]).isEqualTo(ID_C);
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
        .until(() -> browser.pending().stream().noneMatch(l -> l.contains(ID_B)));
    self.stop();
    other.stop();
  }

  @Test
  void announcerKilled_isLostWhenItsRecordsExpire() throws Exception {
    // A short record lifetime (as -Dnet.dns.ttl) so that expiry, not a goodbye, is seen within the test.
    List<String> shortTtl = List.of("-Dnet.dns.ttl=3");
    TestNetwork.Probe browser = net.probe(nsB, shortTtl, "browse", B, ID_B);
    TestNetwork.Probe announcer = net.probe(nsA, shortTtl, "announce", A_TO_B, ID_C, "Crashing", "7705");
    browser.await("FOUND", FOUND_WITHIN);

    announcer.process.destroyForcibly(); // SIGKILL: no goodbye packets.
    long killed = System.currentTimeMillis();
    String[] lost = browser.await("LOST", LOST_WITHIN);

    assertThat(lost[2]).isEqualTo(ID_C);
    System.out.printf("mDNS: killed announcer lost after %d ms (records of 3 s)%n", Long.parseLong(lost[1]) - killed);
  }

  @Test
  void addressWithoutMulticast_warnsAndKeepsRunning() throws Exception {
    // No interface of D (only lo, no routes) has 10.232.2.1: the announcer must warn, not pick another interface.
    TestNetwork.Probe announcer = net.probe(nsD, "announce", "10.232.2.1", ID_A, "Nowhere", "7704");
    TestNetwork.Probe browser = net.probe(nsD, "browse", "127.0.0.1", ID_B);

    long start = Long.parseLong(announcer.await("START", FOUND_WITHIN)[1]);
    long started = Long.parseLong(announcer.await("STARTED", FOUND_WITHIN)[1]);
    browser.await("STARTED", FOUND_WITHIN);

    assertThat(started - start).isLessThan(1_000);
    await().atMost(FOUND_WITHIN).until(() -> announcer.log().contains("cannot run on 10.232.2.1"));
    announcer.stop();
    announcer.await("CLOSED", Duration.ofSeconds(15));
    // On lo (no MULTICAST flag) JmDNS runs; the browser must simply be alive and close cleanly.
    assertThat(browser.process.isAlive()).isTrue();
    browser.stop();
    browser.await("CLOSED", Duration.ofSeconds(15));
  }

  private static void awaitRunning(TestNetwork.Probe probe, String role) {
    await().atMost(FOUND_WITHIN).until(() -> probe.log().contains("mDNS " + role + " running on"));
  }
}
