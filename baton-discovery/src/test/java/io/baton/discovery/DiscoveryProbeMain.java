package io.baton.discovery;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;

/**
 * A test helper process (run with {@code ip netns exec NS java ...} by {@link DiscoveryNetnsTest}): announces or
 * browses until its stdin says {@code stop} or closes, and reports on stdout, one tab-separated line per event with
 * the wall-clock time in ms:
 * <pre>
 * announce BIND DEVICE_ID NAME PORT  →  START ms, STARTED ms, ..., CLOSED ms
 * browse BIND OWN_DEVICE_ID          →  STARTED ms, FOUND ms id name host port version, LOST ms id, ..., CLOSED ms
 * </pre>
 */
public final class DiscoveryProbeMain {
  private DiscoveryProbeMain() {}

  public static void main(String[] args) throws Exception {
    InetAddress bind = InetAddress.getByName(args[1]);
    AutoCloseable running;
    if (args[0].equals("announce")) {
      say("START");
      running = DeviceAnnouncer.start(bind, args[2], args[3], Integer.parseInt(args[4]));
    } else {
      running = DeviceBrowser.start(bind, args[2], new DeviceBrowser.Listener() {
        @Override
        public void onFound(DiscoveredDevice d) {
          say("FOUND", d.deviceId(), d.name(), d.host(), Integer.toString(d.port()), Integer.toString(d.version()));
        }

        @Override
        public void onLost(String deviceId) {
          say("LOST", deviceId);
        }
      });
    }
    say("STARTED");
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line; (line = in.readLine()) != null && !line.equals("stop"); ) {
      // Waiting for the test to say stop.
    }
    running.close();
    say("CLOSED");
  }

  private static synchronized void say(String event, String... fields) {
    StringBuilder line = new StringBuilder(event).append('\t').append(System.currentTimeMillis());
    for (String f : fields) {
      line.append('\t').append(f);
    }
    System.out.println(line);
    System.out.flush();
  }
}
