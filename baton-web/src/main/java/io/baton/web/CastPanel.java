package io.baton.web;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.baton.api.AVCastManager;
import io.baton.api.AVSessionErrorCode;
import io.baton.api.AVSessionException;
import io.baton.api.AVSessionManager;
import io.baton.api.CastDevice;
import io.baton.api.ConnectionState;
import io.baton.api.DeviceInfo;
import io.baton.api.Nullable;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cast renderers of the devices panel: whether the daemon casts at all, the renderers its cast manager knows
 * (kept live from the manager's {@code deviceAvailable} / {@code deviceOffline} events), and which sessions each one
 * plays. Discovery (SSDP searches) is asked for only while a browser is looking at the page.
 *
 * <h2>Whether casting is on</h2>
 * Casting is a daemon option ({@code baton daemon --cast}); without it every cast call fails with 6600101. The panel
 * finds out by listing the renderers once the hub is connected, and lists again at every re-sync while the answer is
 * no and a browser is looking (a daemon whose caster is still starting answers the same way, for a moment), and after
 * the daemon restarts. Device events are subscribed to only once casting answered: the SDK keeps re-opening the event
 * stream of a cast manager with listeners, which a daemon without casting would refuse every time.
 *
 * <h2>Threading</h2>
 * Confined to the hub thread ({@link SessionHub}), which is also the callback executor of the connection whose cast
 * manager it uses: its futures complete and its listener runs there.
 */
/* package */ final class CastPanel {
  private static final Logger log = LoggerFactory.getLogger(CastPanel.class);

  /** Whether the daemon casts, as far as the panel knows. */
  enum Availability {
    /** Not asked yet, or the daemon is away. */
    UNKNOWN,
    ON,
    OFF
  }

  private final Runnable changed;
  private @Nullable AVSessionManager manager;
  private Availability availability = Availability.UNKNOWN;
  private @Nullable AVSessionException offReason;
  private final Map<String, CastDevice> renderers = new LinkedHashMap<>();
  private boolean probing;
  /** Whether a browser is looking, so that discovery is wanted. */
  private boolean looking;
  /** Whether this connection holds a discovery reference in the daemon. */
  private boolean discovering;

  private final AVCastManager.Listener listener = new AVCastManager.Listener() {
    @Override
    public void onDeviceAvailable(CastDevice device) {
      if (availability == Availability.ON) {
        renderers.put(device.deviceId(), device);
        changed.run();
      }
    }

    @Override
    public void onDeviceOffline(String deviceId) {
      if (renderers.remove(deviceId) != null) {
        changed.run();
      }
    }
  };

  /** @param changed told (on the hub thread) whenever {@link #json} would answer differently */
  CastPanel(Runnable changed) {
    this.changed = changed;
  }

  /** The hub connected, or its daemon came back after a restart: starts over with a fresh question. */
  void connected(AVSessionManager m) {
    manager = m;
    availability = Availability.UNKNOWN;
    discovering = false; // A restarted daemon holds no discovery reference for this connection.
    probe();
  }

  /** The daemon went away: what the panel knew may no longer hold. */
  void disconnected() {
    if (manager != null) {
      manager.getCastManager().removeListener(listener);
    }
    availability = Availability.UNKNOWN;
    renderers.clear();
    discovering = false;
    changed.run();
  }

  /**
   * The hub's periodic re-sync: while the daemon said it does not cast and a browser is looking, asks again (one
   * cheap call per re-sync; nobody looking costs nothing).
   */
  void resync() {
    if (availability != Availability.ON && looking) {
      probe();
    }
  }

  /** Whether any browser is looking at the page; discovery runs only then. */
  void setLooking(boolean looking) {
    this.looking = looking;
    syncDiscovery();
  }

  private void probe() {
    AVSessionManager m = manager;
    if (m == null || probing) {
      return;
    }
    AVCastManager cast;
    try {
      cast = m.getCastManager();
    } catch (UnsupportedOperationException e) {
      setOff(new AVSessionException(AVSessionErrorCode.SERVICE_EXCEPTION, e.getMessage()));
      return;
    }
    probing = true;
    cast.getCastDevices(Duration.ZERO).whenComplete((devices, error) -> {
      probing = false;
      if (m != manager) {
        return;
      }
      if (error != null) {
        setOff(AVSessionException.fromThrowable(error));
        return;
      }
      boolean wasOn = availability == Availability.ON;
      availability = Availability.ON;
      offReason = null;
      renderers.clear();
      devices.forEach(d -> renderers.put(d.deviceId(), d));
      cast.addListener(listener);
      if (!wasOn) {
        log.info("web bridge: the daemon casts; {} renderer(s) known", renderers.size());
      }
      syncDiscovery();
      changed.run();
    });
  }

  private void setOff(AVSessionException reason) {
    boolean news = availability != Availability.OFF || offReason == null
        || !offReason.getMessage().equals(reason.getMessage());
    availability = Availability.OFF;
    offReason = reason;
    renderers.clear();
    if (news) {
      log.debug("web bridge: casting unavailable: {}", reason.getMessage());
      changed.run();
    }
  }

  private void syncDiscovery() {
    AVSessionManager m = manager;
    boolean want = looking && availability == Availability.ON;
    if (m == null || want == discovering) {
      return;
    }
    discovering = want;
    AVCastManager cast = m.getCastManager();
    (want ? cast.startCastDeviceDiscovery() : cast.stopCastDeviceDiscovery()).whenComplete((v, error) -> {
      if (error != null) {
        log.debug("web bridge: {} cast discovery failed: {}", want ? "starting" : "stopping", error.toString());
        if (want && m == manager) {
          discovering = false;
        }
      }
    });
  }

  /** The known renderer with this id, or null. */
  @Nullable CastDevice renderer(String deviceId) {
    return renderers.get(deviceId);
  }

  /** What the daemon answered when asked whether it casts, or UNKNOWN. */
  Availability availability() {
    return availability;
  }

  /**
   * The panel: {@code casting {state: "on"|"off"|"unknown", error (when off)}} and {@code castRenderers} (each
   * {@code deviceId, name, model, manufacturer, ipAddress, address, source, state ("available", "connecting",
   * "casting"), sessions [{sessionId, title}]}}), the renderers' states from the {@code cards}.
   */
  void putJson(ObjectNode node, Collection<SessionCard> cards) {
    ObjectNode casting = node.putObject("casting");
    casting.put("state", availability.name().toLowerCase(java.util.Locale.ROOT));
    if (availability == Availability.OFF && offReason != null) {
      casting.set("error", ErrorHints.json(offReason).get("error"));
    }
    ArrayNode list = node.putArray("castRenderers");
    for (CastDevice d : renderers.values()) {
      DeviceInfo info = d.info();
      ObjectNode r = list.addObject()
          .put("deviceId", d.deviceId())
          .put("name", info.deviceName())
          .put("model", info.modelName())
          .put("manufacturer", info.manufacturer())
          .put("ipAddress", info.ipAddress())
          .put("address", d.address())
          .put("source", d.source());
      String state = "available";
      ArrayNode sessions = r.putArray("sessions");
      for (SessionCard card : cards) {
        if (card.castDevice != null && card.castDevice.deviceId().equals(d.deviceId())) {
          sessions.addObject().put("sessionId", card.sessionId()).put("title", WebJson.shownTitle(card));
          state = card.castState == ConnectionState.CONNECTED || state.equals("casting") ? "casting" : "connecting";
        }
      }
      r.put("state", state);
    }
  }

  /** The renderers, for tests and logs. */
  List<CastDevice> renderers() {
    return List.copyOf(renderers.values());
  }
}
