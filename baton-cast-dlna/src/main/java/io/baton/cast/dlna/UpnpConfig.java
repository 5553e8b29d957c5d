package io.baton.cast.dlna;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jupnp.UpnpServiceConfiguration;
import org.jupnp.binding.xml.DeviceDescriptorBinder;
import org.jupnp.binding.xml.ServiceDescriptorBinder;
import org.jupnp.binding.xml.UDA10DeviceDescriptorBinderImpl;
import org.jupnp.binding.xml.UDA10ServiceDescriptorBinderImpl;
import org.jupnp.model.Namespace;
import org.jupnp.model.message.UpnpHeaders;
import org.jupnp.model.meta.RemoteDeviceIdentity;
import org.jupnp.model.meta.RemoteService;
import org.jupnp.model.types.ServiceType;
import org.jupnp.transport.impl.DatagramIOConfigurationImpl;
import org.jupnp.transport.impl.DatagramIOImpl;
import org.jupnp.transport.impl.DatagramProcessorImpl;
import org.jupnp.transport.impl.GENAEventProcessorImpl;
import org.jupnp.transport.impl.MulticastReceiverConfigurationImpl;
import org.jupnp.transport.impl.MulticastReceiverImpl;
import org.jupnp.transport.impl.NetworkAddressFactoryImpl;
import org.jupnp.transport.impl.SOAPActionProcessorImpl;
import org.jupnp.transport.spi.DatagramIO;
import org.jupnp.transport.spi.DatagramProcessor;
import org.jupnp.transport.spi.GENAEventProcessor;
import org.jupnp.transport.spi.MulticastReceiver;
import org.jupnp.transport.spi.NetworkAddressFactory;
import org.jupnp.transport.spi.SOAPActionProcessor;
import org.jupnp.transport.spi.StreamClient;
import org.jupnp.transport.spi.StreamServer;

/**
 * jUPnP's configuration for Baton: JDK HTTP transports (never Jetty), only the network interfaces the daemon was given,
 * and no SSDP at all when multicast is off (renderers are then added by address).
 *
 * <p>Implements the interface rather than extending {@code DefaultUpnpServiceConfiguration}, whose constructor loads
 * jUPnP's Jetty transport classes.
 */
final class UpnpConfig implements UpnpServiceConfiguration {
  private final List<String> interfaces;
  private final boolean multicast;
  private final ThreadPoolExecutor executor;
  private final Duration httpTimeout;
  private final DatagramProcessor datagramProcessor = new DatagramProcessorImpl();
  private final SOAPActionProcessor soapActionProcessor = new SOAPActionProcessorImpl();
  private final GENAEventProcessor genaEventProcessor = new GENAEventProcessorImpl();
  private final DeviceDescriptorBinder deviceDescriptorBinder = new UDA10DeviceDescriptorBinderImpl();
  private final ServiceDescriptorBinder serviceDescriptorBinder = new UDA10ServiceDescriptorBinderImpl();
  private final Namespace namespace = new Namespace();

  /**
   * A configuration.
   *
   * @param interfaces the network interfaces to use; empty: every usable one
   * @param multicast whether to search and listen for SSDP announcements
   * @param httpTimeout how long one HTTP request (SOAP action, description, subscription) may take
   */
  UpnpConfig(List<String> interfaces, boolean multicast, Duration httpTimeout) {
    this.interfaces = List.copyOf(interfaces);
    this.multicast = multicast;
    this.httpTimeout = httpTimeout;
    AtomicInteger threads = new AtomicInteger();
    // Bounded, like jUPnP's own: 32 threads (all of them usable before tasks queue: jUPnP's tasks block on HTTP),
    // 256 queued tasks; beyond that jUPnP's work is dropped (and logged), which only delays discovery or an event,
    // never a caller (Baton's calls run on Baton's own executor).
    this.executor = new ThreadPoolExecutor(32, 32, 10, TimeUnit.SECONDS, new ArrayBlockingQueue<>(256), r -> {
      Thread t = new Thread(r, "baton-upnp-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    }, (r, pool) -> org.slf4j.LoggerFactory.getLogger(UpnpConfig.class).warn("UPnP executor full; dropped {}", r));
    executor.allowCoreThreadTimeOut(true);
  }

  @Override
  public NetworkAddressFactory createNetworkAddressFactory() {
    return new NetworkAddressFactoryImpl(0, 0, interfaces.isEmpty() ? null : String.join(",", interfaces)) {
      @Override
      protected boolean requiresNetworkInterface() {
        // Without a usable interface, renderers can still be added by address and controlled (no GENA events).
        return false;
      }
    };
  }

  @Override
  public DatagramProcessor getDatagramProcessor() {
    return datagramProcessor;
  }

  @Override
  public SOAPActionProcessor getSoapActionProcessor() {
    return soapActionProcessor;
  }

  @Override
  public GENAEventProcessor getGenaEventProcessor() {
    return genaEventProcessor;
  }

  @Override
  public StreamClient<?> createStreamClient() {
    return new JdkStreamClient(executor, httpTimeout);
  }

  @Override
  public MulticastReceiver<?> createMulticastReceiver(NetworkAddressFactory factory) {
    return multicast
        ? new MulticastReceiverImpl(new MulticastReceiverConfigurationImpl(factory.getMulticastGroup(),
            factory.getMulticastPort()))
        : null;
  }

  @Override
  public DatagramIO<?> createDatagramIO(NetworkAddressFactory factory) {
    return multicast ? new DatagramIOImpl(new DatagramIOConfigurationImpl()) : null;
  }

  @Override
  public StreamServer<?> createStreamServer(NetworkAddressFactory factory) {
    return new JdkStreamServer(factory.getStreamListenPort(), executor);
  }

  @Override
  public Executor getMulticastReceiverExecutor() {
    return executor;
  }

  @Override
  public Executor getDatagramIOExecutor() {
    return executor;
  }

  @Override
  public ExecutorService getStreamServerExecutorService() {
    return executor;
  }

  @Override
  public DeviceDescriptorBinder getDeviceDescriptorBinderUDA10() {
    return deviceDescriptorBinder;
  }

  @Override
  public ServiceDescriptorBinder getServiceDescriptorBinderUDA10() {
    return serviceDescriptorBinder;
  }

  @Override
  public ServiceType[] getExclusiveServiceTypes() {
    return new ServiceType[0];
  }

  @Override
  public int getRegistryMaintenanceIntervalMillis() {
    return 1000;
  }

  @Override
  public int getAliveIntervalMillis() {
    return 0;
  }

  @Override
  public boolean isReceivedSubscriptionTimeoutIgnored() {
    return false;
  }

  @Override
  public Integer getRemoteDeviceMaxAgeSeconds() {
    return null;
  }

  @Override
  public UpnpHeaders getDescriptorRetrievalHeaders(RemoteDeviceIdentity identity) {
    return null;
  }

  @Override
  public UpnpHeaders getEventSubscriptionHeaders(RemoteService service) {
    return null;
  }

  @Override
  public Executor getAsyncProtocolExecutor() {
    return executor;
  }

  @Override
  public ExecutorService getSyncProtocolExecutorService() {
    return executor;
  }

  @Override
  public Namespace getNamespace() {
    return namespace;
  }

  @Override
  public Executor getRegistryMaintainerExecutor() {
    return executor;
  }

  @Override
  public Executor getRegistryListenerExecutor() {
    return executor;
  }

  @Override
  public Executor getRemoteListenerExecutor() {
    return executor;
  }

  @Override
  public void shutdown() {
    executor.shutdownNow();
  }
}
