package io.baton.cast.dlna;

import io.baton.api.AVSessionErrorCode;
import io.baton.api.AVSessionException;
import io.baton.api.CastDevice;
import io.baton.api.DeviceInfo;
import io.baton.api.Nullable;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.jupnp.UpnpService;
import org.jupnp.UpnpServiceImpl;
import org.jupnp.model.message.header.UDADeviceTypeHeader;
import org.jupnp.model.meta.RemoteDevice;
import org.jupnp.model.meta.RemoteDeviceIdentity;
import org.jupnp.model.types.UDADeviceType;
import org.jupnp.model.types.UDN;
import org.jupnp.protocol.RetrieveRemoteDescriptors;
import org.jupnp.registry.DefaultRegistryListener;
import org.jupnp.registry.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * The jUPnP control point: which renderers exist (SSDP discovery and renderers added by address) and the
 * {@link Renderer} of each. Registry callbacks arrive on jUPnP's threads and are handed to the cast executor at once.
 */
final class UpnpEngine implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(UpnpEngine.class);
  private static final UDADeviceType MEDIA_RENDERER = new UDADeviceType("MediaRenderer", 1);
  /** Renderers added by address never announce themselves; keep them a day (casts notice when they vanish). */
  private static final int ADDED_MAX_AGE_SECONDS = 86_400;

  /** Told about renderers, on the cast executor. */
  interface Listener {
    void onRendererAdded(Renderer renderer);

    void onRendererRemoved(String deviceId);
  }

  private final CastConfig config;
  private final Executor castExecutor;
  private final Executor io;
  private final Listener listener;
  private final Map<String, Renderer> renderers = new ConcurrentHashMap<>();
  private final Map<String, String> addedUrls = new ConcurrentHashMap<>();
  private final HttpClient http;
  private volatile @Nullable UpnpService upnp;

  UpnpEngine(CastConfig config, Executor castExecutor, Executor io, Listener listener) {
    this.config = config;
    this.castExecutor = castExecutor;
    this.io = io;
    this.listener = listener;
    this.http = HttpClient.newBuilder().connectTimeout(config.controlDeadline())
        .version(HttpClient.Version.HTTP_1_1).build();
  }

  /** Starts jUPnP (binding its sockets); blocks for as long as that takes, so call it off the caller's thread. */
  void start() {
    UpnpService service = new UpnpServiceImpl(new UpnpConfig(config.interfaces(), config.multicast(),
        config.controlDeadline()));
    service.startup();
    service.getRegistry().addListener(new DefaultRegistryListener() {
      @Override
      public void remoteDeviceAdded(Registry registry, RemoteDevice device) {
        castExecutor.execute(() -> added(device));
      }

      @Override
      public void remoteDeviceRemoved(Registry registry, RemoteDevice device) {
        String id = device.getIdentity().getUdn().toString();
        castExecutor.execute(() -> removed(id));
      }
    });
    upnp = service;
    log.info("UPnP control point started (interfaces: {}, multicast {})",
        config.interfaces().isEmpty() ? "all" : config.interfaces(), config.multicast() ? "on" : "off");
  }

  boolean isStarted() {
    return upnp != null;
  }

  private UpnpService upnp() {
    UpnpService service = upnp;
    if (service == null) {
      throw new AVSessionException(AVSessionErrorCode.SERVICE_EXCEPTION, "the UPnP control point is still starting");
    }
    return service;
  }

  private void added(RemoteDevice device) {
    if (!Renderer.isRenderer(device)) {
      return;
    }
    String id = device.getIdentity().getUdn().toString();
    String url = device.getIdentity().getDescriptorURL().toString();
    String source = url.equals(addedUrls.get(id)) ? "added" : "ssdp";
    Renderer renderer = new Renderer(device, castDevice(device, url, source), upnp().getControlPoint(), io,
        config.controlDeadline());
    boolean isNew = renderers.put(id, renderer) == null;
    if (isNew) {
      log.info("renderer {} ({}) at {}", renderer.castDevice().info().deviceName(), id, url);
      listener.onRendererAdded(renderer);
    }
  }

  private void removed(String id) {
    if (renderers.remove(id) != null) {
      addedUrls.remove(id);
      log.info("renderer {} went away", id);
      listener.onRendererRemoved(id);
    }
  }

  private static CastDevice castDevice(RemoteDevice device, String url, String source) {
    var details = device.getDetails();
    String model = details.getModelDetails() == null || details.getModelDetails().getModelName() == null
        ? "" : details.getModelDetails().getModelName();
    String manufacturer = details.getManufacturerDetails() == null
        || details.getManufacturerDetails().getManufacturer() == null
        ? "" : details.getManufacturerDetails().getManufacturer();
    DeviceInfo info = DeviceInfo.builder()
        .setCastCategory(1)
        .setDeviceId(device.getIdentity().getUdn().toString())
        .setDeviceName(details.getFriendlyName() == null ? "" : details.getFriendlyName())
        .setDeviceType(2)
        .setManufacturer(manufacturer)
        .setModelName(model)
        .setIpAddress(device.getIdentity().getDescriptorURL().getHost())
        .setProviderId("dlna")
        .setSupportedProtocols(CastDevice.TYPE_DLNA)
        .build();
    return new CastDevice(info, url, source);
  }

  /** The known renderers. */
  List<Renderer> renderers() {
    return new ArrayList<>(renderers.values());
  }

  @Nullable Renderer renderer(String deviceId) {
    return renderers.get(deviceId);
  }

  /** Sends an SSDP search for MediaRenderers (nothing when multicast is off). */
  void search() {
    UpnpService service = upnp;
    if (service != null && config.multicast()) {
      service.getControlPoint().search(new UDADeviceTypeHeader(MEDIA_RENDERER), 2);
    }
  }

  /** Forgets a renderer that stopped answering: listeners hear it went offline. */
  void forget(String deviceId) {
    Renderer renderer = renderers.get(deviceId);
    UpnpService service = upnp;
    if (renderer != null && service != null) {
      // The registry's listener reports the removal (on the cast executor).
      service.getRegistry().removeDevice(renderer.device());
    }
    removed(deviceId);
  }

  /**
   * Adds the renderer described at {@code url}; blocks (on the I/O executor) for at most two deadlines.
   *
   * @throws AVSessionException see {@code AVCastManager.addCastDevice}
   */
  Renderer add(String url, Consumer<Renderer> onAdded) {
    URI uri = MediaUrlCheck.parse(url);
    if (!uri.getScheme().equalsIgnoreCase("http")) {
      throw new AVSessionException(AVSessionErrorCode.ERR_CODE_INVALID_PARAM,
          "a device description is fetched over http://, not " + url);
    }
    String udn = fetchUdn(uri);
    URL descriptor;
    try {
      descriptor = uri.toURL();
    } catch (IOException | IllegalArgumentException e) {
      throw new AVSessionException(AVSessionErrorCode.ERR_CODE_INVALID_PARAM, "malformed URL " + url);
    }
    Renderer known = renderers.get(udn);
    if (known != null) {
      return known;
    }
    addedUrls.put(udn, descriptor.toString());
    RemoteDevice device;
    try {
      device = new RemoteDevice(new RemoteDeviceIdentity(UDN.valueOf(udn.substring("uuid:".length())),
          ADDED_MAX_AGE_SECONDS, descriptor, null, localAddressFor(uri)));
    } catch (org.jupnp.model.ValidationException e) {
      throw new AVSessionException(AVSessionErrorCode.DEVICE_CONNECTION_FAILED,
          "invalid device description at " + url + ": " + e.getMessage());
    }
    // Fetches the device and service descriptions and registers the device; the registry listener then adds it.
    new RetrieveRemoteDescriptors(upnp(), device).run();
    RemoteDevice registered = upnp().getRegistry().getRemoteDevice(new UDN(udn.substring("uuid:".length())), true);
    if (registered == null) {
      addedUrls.remove(udn);
      throw new AVSessionException(AVSessionErrorCode.DEVICE_CONNECTION_FAILED,
          "the device at " + url + " could not be read (its service descriptions failed to load)");
    }
    if (!Renderer.isRenderer(registered)) {
      addedUrls.remove(udn);
      throw new AVSessionException(AVSessionErrorCode.DEVICE_CONNECTION_FAILED,
          "the device at " + url + " is not a MediaRenderer with an AVTransport service");
    }
    Renderer renderer = new Renderer(registered, castDevice(registered, descriptor.toString(), "added"),
        upnp().getControlPoint(), io, config.controlDeadline());
    onAdded.accept(renderer);
    return renderer;
  }

  /** Registers a renderer that {@link #add} returned, on the cast executor (idempotent). */
  void register(Renderer renderer) {
    if (renderers.putIfAbsent(renderer.id(), renderer) == null) {
      listener.onRendererAdded(renderer);
    }
  }

  private String fetchUdn(URI uri) {
    HttpResponse<byte[]> response;
    try {
      response = http.send(HttpRequest.newBuilder(uri).timeout(config.controlDeadline()).GET().build(),
          HttpResponse.BodyHandlers.ofByteArray());
    } catch (HttpTimeoutException e) {
      throw new AVSessionException(AVSessionErrorCode.ERR_CODE_IO_NETWORK_CONNECTION_TIMEOUT,
          uri + " did not answer within " + config.controlDeadline().toMillis() + " ms");
    } catch (IOException e) {
      throw new AVSessionException(AVSessionErrorCode.ERR_CODE_IO_NETWORK_CONNECTION_FAILED,
          "cannot connect to " + uri + " (" + CastErrors.describe(e) + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AVSessionException(AVSessionErrorCode.SERVICE_EXCEPTION, "interrupted");
    }
    int status = response.statusCode();
    if (status == 404 || status == 410) {
      throw new AVSessionException(AVSessionErrorCode.ERR_CODE_IO_FILE_NOT_FOUND, uri + " answered HTTP " + status);
    }
    if (status != 200) {
      throw new AVSessionException(AVSessionErrorCode.ERR_CODE_IO_BAD_HTTP_STATUS, uri + " answered HTTP " + status);
    }
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      Document doc = factory.newDocumentBuilder().parse(new ByteArrayInputStream(response.body()));
      NodeList udns = doc.getElementsByTagNameNS("*", "UDN");
      if (udns.getLength() > 0) {
        String udn = udns.item(0).getTextContent().trim();
        if (udn.startsWith("uuid:")) {
          return udn;
        }
      }
    } catch (Exception e) {
      throw new AVSessionException(AVSessionErrorCode.DEVICE_CONNECTION_FAILED,
          uri + " is not a UPnP device description: " + CastErrors.describe(e));
    }
    throw new AVSessionException(AVSessionErrorCode.DEVICE_CONNECTION_FAILED,
        uri + " is not a UPnP device description (no uuid: UDN)");
  }

  /** The local address this host uses to reach {@code uri}'s host (a routing lookup; no packet is sent). */
  static InetAddress localAddressFor(URI uri) {
    int port = uri.getPort() > 0 ? uri.getPort() : 80;
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.connect(new InetSocketAddress(uri.getHost(), port));
      return socket.getLocalAddress();
    } catch (IOException e) {
      throw new AVSessionException(AVSessionErrorCode.DEVICE_CONNECTION_FAILED,
          "no route to " + uri.getHost() + " (" + CastErrors.describe(e) + ")");
    }
  }

  @Override
  public void close() {
    UpnpService service = upnp;
    upnp = null;
    if (service != null) {
      try {
        service.shutdown();
      } catch (RuntimeException e) {
        log.warn("UPnP shutdown failed", e);
      }
    }
  }
}
