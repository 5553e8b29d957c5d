package io.baton.protocol;

import io.grpc.Metadata;
import java.util.regex.Pattern;

/** Constants of the Baton wire protocol that the daemon and the SDK must agree on. */
public final class ProtocolConstants {
  /** The protocol version this module speaks, sent in {@code Hello} and {@code Welcome}. */
  public static final int PROTOCOL_VERSION = 1;

  /** The header that carries the caller's client id (from {@code Welcome}) on every unary call. */
  public static final String CLIENT_ID_HEADER = "baton-client-id";

  /** The metadata key of {@link #CLIENT_ID_HEADER}. */
  public static final Metadata.Key<String> CLIENT_ID_KEY =
      Metadata.Key.of(CLIENT_ID_HEADER, Metadata.ASCII_STRING_MARSHALLER);

  /** What a valid app id in {@code Hello} looks like. */
  public static final Pattern APP_ID_PATTERN = Pattern.compile("[A-Za-z0-9._-]{1,128}");

  /** Strings in metadata and other values must be shorter than this many UTF-8 bytes. */
  public static final int MAX_STRING_BYTES = 40960;

  /** A session's queue must have fewer items than this. */
  public static final int MAX_QUEUE_ITEMS = 1000;

  /**
   * The largest gRPC message either end accepts, in bytes. The daemon and the SDK both set it as the maximum inbound
   * message size, so that a message one end can send is never refused by the other.
   */
  public static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

  private ProtocolConstants() {}
}
