package io.baton.api;

import java.util.Arrays;
import java.util.Objects;

/** Metadata of a call session. At least one of name, phone number and avatar must be set. */
public record CallMetadata(
    String name,
    String phoneNumber,
    @Nullable byte[] avatar) {
  /** Checks required values and copies collections and arrays, so instances are immutable. */
  public CallMetadata {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(phoneNumber, "phoneNumber");
    avatar = avatar == null ? null : avatar.clone();
  }

  /** Encoded avatar image. A copy; {@code null} when not set. */
  @Override
  public @Nullable byte[] avatar() {
    return avatar == null ? null : avatar.clone();
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof CallMetadata)) {
      return false;
    }
    CallMetadata that = (CallMetadata) o;
    return Objects.equals(name, that.name)
        && Objects.equals(phoneNumber, that.phoneNumber)
        && Arrays.equals(avatar, that.avatar);
  }

  @Override
  public int hashCode() {
    int h = Objects.hash(name, phoneNumber);
    h = 31 * h + Arrays.hashCode(avatar);
    return h;
  }

  @Override
  public String toString() {
    String s = "name=" + name + ", "
        + "phoneNumber=" + phoneNumber + ", "
        + (avatar == null ? "" : "avatar=<" + avatar.length + " bytes>, ");
    return "CallMetadata{" + (s.isEmpty() ? "" : s.substring(0, s.length() - 2)) + "}";
  }


  /** A new, empty builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder initialised with this instance's values. */
  public Builder buildUpon() {
    return new Builder(this);
  }

  /** Builds {@link CallMetadata} instances. */
  public static final class Builder {
    private String name = "";
    private String phoneNumber = "";
    private byte[] avatar;

    private Builder() {}

    private Builder(CallMetadata from) {
      name = from.name;
      phoneNumber = from.phoneNumber;
      avatar = from.avatar;
    }

    /** Caller name. */
    public Builder setName(String name) {
      this.name = name;
      return this;
    }

    /** Phone number. */
    public Builder setPhoneNumber(String phoneNumber) {
      this.phoneNumber = phoneNumber;
      return this;
    }

    /** Encoded avatar image. */
    public Builder setAvatar(@Nullable byte[] avatar) {
      this.avatar = avatar;
      return this;
    }

    /** The value built so far. */
    public CallMetadata build() {
      return new CallMetadata(name, phoneNumber, avatar);
    }
  }
}
