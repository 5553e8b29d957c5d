package io.baton.api;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Now-playing metadata of a session. Every field is optional: {@code null} means "not set".
 *
 * <p>Merge rule (applied by the daemon): metadata with a different {@link #assetId()} replaces the stored metadata as
 * a whole; metadata with the same asset id overwrites only the fields it sets. Strings must be shorter than 40,960
 * UTF-8 bytes. Instances are immutable; derive variants with {@link #buildUpon()}.
 */
public record AVMetadata(
    @Nullable String assetId,
    @Nullable String title,
    @Nullable String artist,
    @Nullable String author,
    @Nullable String avQueueName,
    @Nullable String avQueueId,
    @Nullable String avQueueImageUri,
    @Nullable String album,
    @Nullable String writer,
    @Nullable String composer,
    @Nullable Long durationMs,
    @Nullable String mediaImageUri,
    @Nullable Long publishDateMs,
    @Nullable String subtitle,
    @Nullable String description,
    @Nullable String lyric,
    @Nullable String previousAssetId,
    @Nullable String nextAssetId,
    @Nullable Integer skipIntervals,
    @Nullable Integer filter,
    @Nullable Integer displayTags,
    @Nullable List<String> drmSchemes,
    @Nullable String singleLyricText,
    @Nullable Integer fastForwardSkipIntervals,
    @Nullable Integer rewindSkipIntervals,
    @Nullable byte[] mediaImage,
    @Nullable byte[] avQueueImage) {
  /** Checks required values and copies collections and arrays, so instances are immutable. */
  public AVMetadata {
    drmSchemes = drmSchemes == null ? null : List.copyOf(drmSchemes);
    mediaImage = mediaImage == null ? null : mediaImage.clone();
    avQueueImage = avQueueImage == null ? null : avQueueImage.clone();
  }

  /** Encoded artwork bytes (PNG, JPEG…), at most 1 MiB. A copy; {@code null} when not set. */
  @Override
  public @Nullable byte[] mediaImage() {
    return mediaImage == null ? null : mediaImage.clone();
  }

  /** Encoded queue image bytes, at most 1 MiB. A copy; {@code null} when not set. */
  @Override
  public @Nullable byte[] avQueueImage() {
    return avQueueImage == null ? null : avQueueImage.clone();
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof AVMetadata)) {
      return false;
    }
    AVMetadata that = (AVMetadata) o;
    return Objects.equals(assetId, that.assetId)
        && Objects.equals(title, that.title)
        && Objects.equals(artist, that.artist)
        && Objects.equals(author, that.author)
        && Objects.equals(avQueueName, that.avQueueName)
        && Objects.equals(avQueueId, that.avQueueId)
        && Objects.equals(avQueueImageUri, that.avQueueImageUri)
        && Objects.equals(album, that.album)
        && Objects.equals(writer, that.writer)
        && Objects.equals(composer, that.composer)
        && Objects.equals(durationMs, that.durationMs)
        && Objects.equals(mediaImageUri, that.mediaImageUri)
        && Objects.equals(publishDateMs, that.publishDateMs)
        && Objects.equals(subtitle, that.subtitle)
        && Objects.equals(description, that.description)
        && Objects.equals(lyric, that.lyric)
        && Objects.equals(previousAssetId, that.previousAssetId)
        && Objects.equals(nextAssetId, that.nextAssetId)
        && Objects.equals(skipIntervals, that.skipIntervals)
        && Objects.equals(filter, that.filter)
        && Objects.equals(displayTags, that.displayTags)
        && Objects.equals(drmSchemes, that.drmSchemes)
        && Objects.equals(singleLyricText, that.singleLyricText)
        && Objects.equals(fastForwardSkipIntervals, that.fastForwardSkipIntervals)
        && Objects.equals(rewindSkipIntervals, that.rewindSkipIntervals)
        && Arrays.equals(mediaImage, that.mediaImage)
        && Arrays.equals(avQueueImage, that.avQueueImage);
  }

  @Override
  public int hashCode() {
    int h = Objects.hash(assetId, title, artist, author, avQueueName, avQueueId, avQueueImageUri, album, writer, composer, durationMs, mediaImageUri, publishDateMs, subtitle, description, lyric, previousAssetId, nextAssetId, skipIntervals, filter, displayTags, drmSchemes, singleLyricText, fastForwardSkipIntervals, rewindSkipIntervals);
    h = 31 * h + Arrays.hashCode(mediaImage);
    h = 31 * h + Arrays.hashCode(avQueueImage);
    return h;
  }

  @Override
  public String toString() {
    String s = (assetId == null ? "" : "assetId=" + assetId + ", ")
        + (title == null ? "" : "title=" + title + ", ")
        + (artist == null ? "" : "artist=" + artist + ", ")
        + (author == null ? "" : "author=" + author + ", ")
        + (avQueueName == null ? "" : "avQueueName=" + avQueueName + ", ")
        + (avQueueId == null ? "" : "avQueueId=" + avQueueId + ", ")
        + (avQueueImageUri == null ? "" : "avQueueImageUri=" + avQueueImageUri + ", ")
        + (album == null ? "" : "album=" + album + ", ")
        + (writer == null ? "" : "writer=" + writer + ", ")
        + (composer == null ? "" : "composer=" + composer + ", ")
        + (durationMs == null ? "" : "durationMs=" + durationMs + ", ")
        + (mediaImageUri == null ? "" : "mediaImageUri=" + mediaImageUri + ", ")
        + (publishDateMs == null ? "" : "publishDateMs=" + publishDateMs + ", ")
        + (subtitle == null ? "" : "subtitle=" + subtitle + ", ")
        + (description == null ? "" : "description=" + description + ", ")
        + (lyric == null ? "" : "lyric=" + lyric + ", ")
        + (previousAssetId == null ? "" : "previousAssetId=" + previousAssetId + ", ")
        + (nextAssetId == null ? "" : "nextAssetId=" + nextAssetId + ", ")
        + (skipIntervals == null ? "" : "skipIntervals=" + skipIntervals + ", ")
        + (filter == null ? "" : "filter=" + filter + ", ")
        + (displayTags == null ? "" : "displayTags=" + displayTags + ", ")
        + (drmSchemes == null ? "" : "drmSchemes=" + drmSchemes + ", ")
        + (singleLyricText == null ? "" : "singleLyricText=" + singleLyricText + ", ")
        + (fastForwardSkipIntervals == null ? "" : "fastForwardSkipIntervals=" + fastForwardSkipIntervals + ", ")
        + (rewindSkipIntervals == null ? "" : "rewindSkipIntervals=" + rewindSkipIntervals + ", ")
        + (mediaImage == null ? "" : "mediaImage=<" + mediaImage.length + " bytes>, ")
        + (avQueueImage == null ? "" : "avQueueImage=<" + avQueueImage.length + " bytes>, ");
    return "AVMetadata{" + (s.isEmpty() ? "" : s.substring(0, s.length() - 2)) + "}";
  }

  /** Metadata with no field set. */
  public static final AVMetadata EMPTY = builder().build();

  /**
   * The result of setting {@code update} over this metadata, by upstream's merge rule: metadata with a different
   * asset id replaces this one as a whole; with the same asset id, only the fields it sets are overwritten.
   */
  public AVMetadata mergeWith(AVMetadata update) {
    return Objects.equals(update.assetId, assetId) ? overlay(update) : update;
  }

  /** This metadata with every field that {@code update} sets overwritten (see {@link #mergeWith}). */
  public AVMetadata overlay(AVMetadata update) {
    return new AVMetadata(
        update.assetId != null ? update.assetId : assetId,
        update.title != null ? update.title : title,
        update.artist != null ? update.artist : artist,
        update.author != null ? update.author : author,
        update.avQueueName != null ? update.avQueueName : avQueueName,
        update.avQueueId != null ? update.avQueueId : avQueueId,
        update.avQueueImageUri != null ? update.avQueueImageUri : avQueueImageUri,
        update.album != null ? update.album : album,
        update.writer != null ? update.writer : writer,
        update.composer != null ? update.composer : composer,
        update.durationMs != null ? update.durationMs : durationMs,
        update.mediaImageUri != null ? update.mediaImageUri : mediaImageUri,
        update.publishDateMs != null ? update.publishDateMs : publishDateMs,
        update.subtitle != null ? update.subtitle : subtitle,
        update.description != null ? update.description : description,
        update.lyric != null ? update.lyric : lyric,
        update.previousAssetId != null ? update.previousAssetId : previousAssetId,
        update.nextAssetId != null ? update.nextAssetId : nextAssetId,
        update.skipIntervals != null ? update.skipIntervals : skipIntervals,
        update.filter != null ? update.filter : filter,
        update.displayTags != null ? update.displayTags : displayTags,
        update.drmSchemes != null ? update.drmSchemes : drmSchemes,
        update.singleLyricText != null ? update.singleLyricText : singleLyricText,
        update.fastForwardSkipIntervals != null ? update.fastForwardSkipIntervals : fastForwardSkipIntervals,
        update.rewindSkipIntervals != null ? update.rewindSkipIntervals : rewindSkipIntervals,
        update.mediaImage != null ? update.mediaImage : mediaImage,
        update.avQueueImage != null ? update.avQueueImage : avQueueImage);
  }

  /** A new, empty builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder initialised with this instance's values. */
  public Builder buildUpon() {
    return new Builder(this);
  }

  /** Builds {@link AVMetadata} instances. */
  public static final class Builder {
    private String assetId;
    private String title;
    private String artist;
    private String author;
    private String avQueueName;
    private String avQueueId;
    private String avQueueImageUri;
    private String album;
    private String writer;
    private String composer;
    private Long durationMs;
    private String mediaImageUri;
    private Long publishDateMs;
    private String subtitle;
    private String description;
    private String lyric;
    private String previousAssetId;
    private String nextAssetId;
    private Integer skipIntervals;
    private Integer filter;
    private Integer displayTags;
    private List<String> drmSchemes;
    private String singleLyricText;
    private Integer fastForwardSkipIntervals;
    private Integer rewindSkipIntervals;
    private byte[] mediaImage;
    private byte[] avQueueImage;

    private Builder() {}

    private Builder(AVMetadata from) {
      assetId = from.assetId;
      title = from.title;
      artist = from.artist;
      author = from.author;
      avQueueName = from.avQueueName;
      avQueueId = from.avQueueId;
      avQueueImageUri = from.avQueueImageUri;
      album = from.album;
      writer = from.writer;
      composer = from.composer;
      durationMs = from.durationMs;
      mediaImageUri = from.mediaImageUri;
      publishDateMs = from.publishDateMs;
      subtitle = from.subtitle;
      description = from.description;
      lyric = from.lyric;
      previousAssetId = from.previousAssetId;
      nextAssetId = from.nextAssetId;
      skipIntervals = from.skipIntervals;
      filter = from.filter;
      displayTags = from.displayTags;
      drmSchemes = from.drmSchemes;
      singleLyricText = from.singleLyricText;
      fastForwardSkipIntervals = from.fastForwardSkipIntervals;
      rewindSkipIntervals = from.rewindSkipIntervals;
      mediaImage = from.mediaImage;
      avQueueImage = from.avQueueImage;
    }

    /** The asset id; a different id replaces the stored metadata, the same id merges. */
    public Builder setAssetId(@Nullable String assetId) {
      this.assetId = assetId;
      return this;
    }

    /** Title. */
    public Builder setTitle(@Nullable String title) {
      this.title = title;
      return this;
    }

    /** Artist. */
    public Builder setArtist(@Nullable String artist) {
      this.artist = artist;
      return this;
    }

    /** Author. */
    public Builder setAuthor(@Nullable String author) {
      this.author = author;
      return this;
    }

    /** Name of the queue (playlist) being played. */
    public Builder setAvQueueName(@Nullable String avQueueName) {
      this.avQueueName = avQueueName;
      return this;
    }

    /** Id of the queue being played. */
    public Builder setAvQueueId(@Nullable String avQueueId) {
      this.avQueueId = avQueueId;
      return this;
    }

    /** URI of the queue's image. */
    public Builder setAvQueueImageUri(@Nullable String avQueueImageUri) {
      this.avQueueImageUri = avQueueImageUri;
      return this;
    }

    /** Album. */
    public Builder setAlbum(@Nullable String album) {
      this.album = album;
      return this;
    }

    /** Writer. */
    public Builder setWriter(@Nullable String writer) {
      this.writer = writer;
      return this;
    }

    /** Composer. */
    public Builder setComposer(@Nullable String composer) {
      this.composer = composer;
      return this;
    }

    /** Duration in ms; -1 for live media. */
    public Builder setDurationMs(@Nullable Long durationMs) {
      this.durationMs = durationMs;
      return this;
    }

    /** URI of the artwork. */
    public Builder setMediaImageUri(@Nullable String mediaImageUri) {
      this.mediaImageUri = mediaImageUri;
      return this;
    }

    /** Publication date, ms since the epoch. */
    public Builder setPublishDateMs(@Nullable Long publishDateMs) {
      this.publishDateMs = publishDateMs;
      return this;
    }

    /** Subtitle. */
    public Builder setSubtitle(@Nullable String subtitle) {
      this.subtitle = subtitle;
      return this;
    }

    /** Description. */
    public Builder setDescription(@Nullable String description) {
      this.description = description;
      return this;
    }

    /** Lyrics (LRC). */
    public Builder setLyric(@Nullable String lyric) {
      this.lyric = lyric;
      return this;
    }

    /** Previous asset's id. */
    public Builder setPreviousAssetId(@Nullable String previousAssetId) {
      this.previousAssetId = previousAssetId;
      return this;
    }

    /** Next asset's id. */
    public Builder setNextAssetId(@Nullable String nextAssetId) {
      this.nextAssetId = nextAssetId;
      return this;
    }

    /** Skip interval in seconds: 10, 15 or 30. */
    public Builder setSkipIntervals(@Nullable Integer skipIntervals) {
      this.skipIntervals = skipIntervals;
      return this;
    }

    /** ProtocolType bit flags the media can be cast with. */
    public Builder setFilter(@Nullable Integer filter) {
      this.filter = filter;
      return this;
    }

    /** Display tags: 0 or 1 (audio vivid). */
    public Builder setDisplayTags(@Nullable Integer displayTags) {
      this.displayTags = displayTags;
      return this;
    }

    /** DRM schemes, at most 10. */
    public Builder setDrmSchemes(@Nullable List<String> drmSchemes) {
      this.drmSchemes = drmSchemes;
      return this;
    }

    /** One line of lyrics. */
    public Builder setSingleLyricText(@Nullable String singleLyricText) {
      this.singleLyricText = singleLyricText;
      return this;
    }

    /** Fast-forward interval in seconds: 0 (use skipIntervals), 10, 15 or 30. */
    public Builder setFastForwardSkipIntervals(@Nullable Integer fastForwardSkipIntervals) {
      this.fastForwardSkipIntervals = fastForwardSkipIntervals;
      return this;
    }

    /** Rewind interval in seconds: 0 (use skipIntervals), 10, 15 or 30. */
    public Builder setRewindSkipIntervals(@Nullable Integer rewindSkipIntervals) {
      this.rewindSkipIntervals = rewindSkipIntervals;
      return this;
    }

    /** Encoded artwork bytes (PNG, JPEG…), at most 1 MiB. */
    public Builder setMediaImage(@Nullable byte[] mediaImage) {
      this.mediaImage = mediaImage;
      return this;
    }

    /** Encoded queue image bytes, at most 1 MiB. */
    public Builder setAvQueueImage(@Nullable byte[] avQueueImage) {
      this.avQueueImage = avQueueImage;
      return this;
    }

    /** The value built so far. */
    public AVMetadata build() {
      return new AVMetadata(assetId, title, artist, author, avQueueName, avQueueId, avQueueImageUri, album, writer, composer, durationMs, mediaImageUri, publishDateMs, subtitle, description, lyric, previousAssetId, nextAssetId, skipIntervals, filter, displayTags, drmSchemes, singleLyricText, fastForwardSkipIntervals, rewindSkipIntervals, mediaImage, avQueueImage);
    }
  }
}
