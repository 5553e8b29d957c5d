package io.baton.api;

import java.util.Map;
import java.util.Objects;

/** Describes one media item of a queue. Text fields default to {@code ""}; {@link #assetId()} must not be empty. */
public record AVMediaDescription(
    String assetId,
    String title,
    String subtitle,
    String description,
    String mediaImageUri,
    Map<String, Object> extras,
    String mediaType,
    int mediaSize,
    String albumTitle,
    String albumCoverUri,
    String lyricContent,
    String lyricUri,
    String artist,
    String mediaUri,
    String drmScheme,
    int durationMs,
    int startPositionMs,
    int creditsPositionMs,
    String appName,
    int displayTags) {
  /** Checks required values and copies collections and arrays, so instances are immutable. */
  public AVMediaDescription {
    Objects.requireNonNull(assetId, "assetId");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(subtitle, "subtitle");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(mediaImageUri, "mediaImageUri");
    extras = Extras.copyOf(extras);
    Objects.requireNonNull(mediaType, "mediaType");
    Objects.requireNonNull(albumTitle, "albumTitle");
    Objects.requireNonNull(albumCoverUri, "albumCoverUri");
    Objects.requireNonNull(lyricContent, "lyricContent");
    Objects.requireNonNull(lyricUri, "lyricUri");
    Objects.requireNonNull(artist, "artist");
    Objects.requireNonNull(mediaUri, "mediaUri");
    Objects.requireNonNull(drmScheme, "drmScheme");
    Objects.requireNonNull(appName, "appName");
  }


  /** A new, empty builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder initialised with this instance's values. */
  public Builder buildUpon() {
    return new Builder(this);
  }

  /** Builds {@link AVMediaDescription} instances. */
  public static final class Builder {
    private String assetId = "";
    private String title = "";
    private String subtitle = "";
    private String description = "";
    private String mediaImageUri = "";
    private Map<String, Object> extras = Map.of();
    private String mediaType = "";
    private int mediaSize;
    private String albumTitle = "";
    private String albumCoverUri = "";
    private String lyricContent = "";
    private String lyricUri = "";
    private String artist = "";
    private String mediaUri = "";
    private String drmScheme = "";
    private int durationMs;
    private int startPositionMs;
    private int creditsPositionMs;
    private String appName = "";
    private int displayTags;

    private Builder() {}

    private Builder(AVMediaDescription from) {
      assetId = from.assetId;
      title = from.title;
      subtitle = from.subtitle;
      description = from.description;
      mediaImageUri = from.mediaImageUri;
      extras = from.extras;
      mediaType = from.mediaType;
      mediaSize = from.mediaSize;
      albumTitle = from.albumTitle;
      albumCoverUri = from.albumCoverUri;
      lyricContent = from.lyricContent;
      lyricUri = from.lyricUri;
      artist = from.artist;
      mediaUri = from.mediaUri;
      drmScheme = from.drmScheme;
      durationMs = from.durationMs;
      startPositionMs = from.startPositionMs;
      creditsPositionMs = from.creditsPositionMs;
      appName = from.appName;
      displayTags = from.displayTags;
    }

    /** Required, non-empty id of the asset. */
    public Builder setAssetId(String assetId) {
      this.assetId = assetId;
      return this;
    }

    /** Title. */
    public Builder setTitle(String title) {
      this.title = title;
      return this;
    }

    /** Subtitle. */
    public Builder setSubtitle(String subtitle) {
      this.subtitle = subtitle;
      return this;
    }

    /** Description. */
    public Builder setDescription(String description) {
      this.description = description;
      return this;
    }

    /** Artwork URI. */
    public Builder setMediaImageUri(String mediaImageUri) {
      this.mediaImageUri = mediaImageUri;
      return this;
    }

    /** Custom values. */
    public Builder setExtras(Map<String, Object> extras) {
      this.extras = extras;
      return this;
    }

    /** Media type (for example audio). */
    public Builder setMediaType(String mediaType) {
      this.mediaType = mediaType;
      return this;
    }

    /** Size in bytes. */
    public Builder setMediaSize(int mediaSize) {
      this.mediaSize = mediaSize;
      return this;
    }

    /** Album title. */
    public Builder setAlbumTitle(String albumTitle) {
      this.albumTitle = albumTitle;
      return this;
    }

    /** Album cover URI. */
    public Builder setAlbumCoverUri(String albumCoverUri) {
      this.albumCoverUri = albumCoverUri;
      return this;
    }

    /** Lyrics. */
    public Builder setLyricContent(String lyricContent) {
      this.lyricContent = lyricContent;
      return this;
    }

    /** Lyrics URI. */
    public Builder setLyricUri(String lyricUri) {
      this.lyricUri = lyricUri;
      return this;
    }

    /** Artist. */
    public Builder setArtist(String artist) {
      this.artist = artist;
      return this;
    }

    /** The URI of the media itself (what a cast renderer plays). */
    public Builder setMediaUri(String mediaUri) {
      this.mediaUri = mediaUri;
      return this;
    }

    /** DRM scheme. */
    public Builder setDrmScheme(String drmScheme) {
      this.drmScheme = drmScheme;
      return this;
    }

    /** Duration, ms. */
    public Builder setDurationMs(int durationMs) {
      this.durationMs = durationMs;
      return this;
    }

    /** Start position, ms. */
    public Builder setStartPositionMs(int startPositionMs) {
      this.startPositionMs = startPositionMs;
      return this;
    }

    /** Position of the credits, ms. */
    public Builder setCreditsPositionMs(int creditsPositionMs) {
      this.creditsPositionMs = creditsPositionMs;
      return this;
    }

    /** Name of the app. */
    public Builder setAppName(String appName) {
      this.appName = appName;
      return this;
    }

    /** Display tags. */
    public Builder setDisplayTags(int displayTags) {
      this.displayTags = displayTags;
      return this;
    }

    /** The value built so far. */
    public AVMediaDescription build() {
      return new AVMediaDescription(assetId, title, subtitle, description, mediaImageUri, extras, mediaType, mediaSize, albumTitle, albumCoverUri, lyricContent, lyricUri, artist, mediaUri, drmScheme, durationMs, startPositionMs, creditsPositionMs, appName, displayTags);
    }
  }
}
