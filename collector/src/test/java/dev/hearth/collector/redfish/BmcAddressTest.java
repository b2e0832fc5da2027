package dev.hearth.collector.redfish;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BmcAddressTest {
    private final BmcAddress https = new BmcAddress(URI.create("https://bmc-7.lan/redfish/v1"));
    private final BmcAddress http = new BmcAddress(URI.create("http://bmc-7.lan:8080/redfish/v1"));

    @Test
    void ownsItsOwnHostWhateverThePortOrCase() {
        assertThat(https.owns(URI.create("https://BMC-7.lan/redfish/v1/Chassis"))).isTrue();
        assertThat(https.owns(URI.create("https://bmc-7.lan:8443/redfish/v1/Chassis"))).isTrue();
    }

    @Test
    void doesNotOwnAnotherHost() {
        assertThat(https.owns(URI.create("https://bmc-8.lan/redfish/v1"))).isFalse();
        assertThat(https.owns(URI.create("https://bmc-7.lan.evil.example/redfish/v1"))).isFalse();
        assertThat(https.owns(URI.create("/redfish/v1"))).isFalse();
    }

    @Test
    void refusesADowngradeFromHttpsButAllowsAnUpgradeToIt() {
        assertThat(https.owns(URI.create("http://bmc-7.lan/redfish/v1"))).as("credentials in clear").isFalse();
        assertThat(http.owns(URI.create("https://bmc-7.lan/redfish/v1"))).isTrue();
        assertThat(https.owns(URI.create("ftp://bmc-7.lan/redfish/v1"))).isFalse();
    }

    @Test
    void resolvesWithoutTheFragment() {
        assertThat(BmcAddress.resolve(https.serviceRoot(), URI.create("/redfish/v1/Chassis/1/Thermal#/Fans/0")))
                .isEqualTo(URI.create("https://bmc-7.lan/redfish/v1/Chassis/1/Thermal"));
    }

    @Test
    void aTrailingSlashIsTheSameResource() {
        assertThat(BmcAddress.key(URI.create("https://bmc-7.lan/redfish/v1/Systems/1/")))
                .isEqualTo(BmcAddress.key(URI.create("https://bmc-7.lan/redfish/v1/Systems/1")));
    }

    @Test
    void aServiceRootMustBeAnHttpUrl() {
        assertThatThrownBy(() -> new BmcAddress(URI.create("/redfish/v1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not an absolute URL");
        assertThatThrownBy(() -> new BmcAddress(URI.create("file:///redfish/v1")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
