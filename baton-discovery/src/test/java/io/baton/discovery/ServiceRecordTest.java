package io.baton.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tests for {@link ServiceRecord}. */
class ServiceRecordTest {
  private static final String ID = "0123456789abcdef0123456789abcdef";

  private static byte[] txt(String... entries) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String e : entries) {
      byte[] b = e.getBytes(StandardCharsets.UTF_8);
      out.write(b.length);
      out.write(b, 0, b.length);
    }
    return out.toByteArray();
  }

  private static InetAddress ip(String literal) throws Exception {
    return InetAddress.getByName(literal);
  }

  @Test
  void txt_holdsIdAndVersion_inThatOrder() {
    assertThat(ServiceRecord.txt(ID)).isEqualTo(txt("id=" + ID, "v=1"));
  }

  @Test
  void txt_roundTrip_givesTheDevice() throws Exception {
    DiscoveredDevice device = ServiceRecord.toDevice("Kitchen", ServiceRecord.txt(ID), ip("10.0.0.7"), 7700);

    assertThat(device).isEqualTo(new DiscoveredDevice(ID, "Kitchen", "10.0.0.7", 7700, 1));
  }

  @Test
  void parseTxt_keysWithoutCase_firstOccurrenceWins() {
    Map<String, String> entries = ServiceRecord.parseTxt(txt("ID=" + ID, "id=ffffffffffffffffffffffffffffffff", "v=1"));

    assertThat(entries).containsEntry("id", ID).containsEntry("v", "1").hasSize(2);
  }

  @Test
  void parseTxt_emptyRecordAndEmptyStrings_areNothing() {
    assertThat(ServiceRecord.parseTxt(new byte[] {0})).isEmpty();
    assertThat(ServiceRecord.parseTxt(new byte[0])).isEmpty();
  }

  @Test
  void parseTxt_attributeWithoutValue_isEmptyString_andNoKeyIsIgnored() {
    assertThat(ServiceRecord.parseTxt(txt("flag", "=orphan", "a=b=c"))).containsExactly(
        Map.entry("flag", ""), Map.entry("a", "b=c"));
  }

  @Test
  void parseTxt_lengthPastTheEnd_throws() {
    assertThatThrownBy(() -> ServiceRecord.parseTxt(new byte[] {5, 'i', 'd'}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("runs past the end");
  }

  @Test
  void parseTxt_valueNotUtf8_throws() {
    assertThatThrownBy(() -> ServiceRecord.parseTxt(new byte[] {4, 'x', '=', (byte) 0xc3, (byte) 0x28}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not UTF-8");
  }

  @Test
  void toDevice_missingId_throws() throws Exception {
    assertThatThrownBy(() -> ServiceRecord.toDevice("K", txt("v=1"), ip("10.0.0.7"), 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("TXT has no id");
  }

  @Test
  void toDevice_missingVersion_throws() throws Exception {
    assertThatThrownBy(() -> ServiceRecord.toDevice("K", txt("id=" + ID), ip("10.0.0.7"), 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("TXT has no v");
  }

  @Test
  void toDevice_badVersions_throw() throws Exception {
    for (String v : List.of("0", "-1", "1.0", "x", "", "99999999999", "01")) {
      assertThatThrownBy(() -> ServiceRecord.toDevice("K", txt("id=" + ID, "v=" + v), ip("10.0.0.7"), 1))
          .as(v).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("v is not a positive integer");
    }
  }

  @Test
  void toDevice_laterVersion_isReported() throws Exception {
    assertThat(ServiceRecord.toDevice("K", txt("id=" + ID, "v=2", "extra=1"), ip("10.0.0.7"), 1).version())
        .isEqualTo(2);
  }

  @Test
  void toDevice_garbageId_throws() throws Exception {
    for (String id : List.of("0123456789ABCDEF0123456789ABCDEF", "0123", ID + "0", "g123456789abcdef0123456789abcdef")) {
      assertThatThrownBy(() -> ServiceRecord.toDevice("K", txt("id=" + id, "v=1"), ip("10.0.0.7"), 1))
          .as(id).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("deviceId");
    }
  }

  @Test
  void toDevice_badPort_throws() throws Exception {
    assertThatThrownBy(() -> ServiceRecord.toDevice("K", ServiceRecord.txt(ID), ip("10.0.0.7"), 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port");
  }

  @Test
  void instanceName_short_isTheName() {
    assertThat(ServiceRecord.instanceName("Living room ♪")).isEqualTo("Living room ♪");
  }

  @Test
  void instanceName_long_isCutAtACharacterWithin63Bytes() {
    String name = "é".repeat(40); // 80 bytes

    String cut = ServiceRecord.instanceName(name);

    assertThat(cut).isEqualTo("é".repeat(31));
    assertThat(cut.getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(63);
  }

  @Test
  void pickAddress_prefersIpv4OnTheLink() throws Exception {
    List<ServiceRecord.Subnet> link = List.of(new ServiceRecord.Subnet(ip("10.232.0.2"), 24),
        new ServiceRecord.Subnet(ip("fe80::1"), 64));

    assertThat(ServiceRecord.pickAddress(List.of(ip("fe80::2"), ip("192.168.1.5"), ip("10.232.0.1")), link))
        .contains(ip("10.232.0.1"));
    assertThat(ServiceRecord.pickAddress(List.of(ip("192.168.1.5"), ip("fe80::2")), link)).contains(ip("fe80::2"));
  }

  @Test
  void pickAddress_nothingOnTheLink_isEmpty() throws Exception {
    List<ServiceRecord.Subnet> link = List.of(new ServiceRecord.Subnet(ip("10.232.0.2"), 24));

    assertThat(ServiceRecord.pickAddress(List.of(ip("10.232.1.2")), link)).isEmpty();
    assertThat(ServiceRecord.pickAddress(List.of(), link)).isEmpty();
  }
}
