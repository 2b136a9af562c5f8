package dev.promjob;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promjob.testing.ExampleProvider;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A URL's query may carry credentials (InfluxDB's {@code u=} and {@code p=}, a {@code token=}):
 * their values are masked wherever a URL is shown, the other parameters kept as they are.
 */
class ConfigShownUrlTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "http://h:8086/write?db=promjob|http://h:8086/write?db=promjob",
        "http://h:8086/write?db=x&u=admin&p=pw|http://h:8086/write?db=x&u=****&p=****",
        "http://h/w?extra_label=env%3Dprod|http://h/w?extra_label=env%3Dprod",
        "http://h/w?access_token=t&X-Amz-Signature=s|http://h/w?access_token=****&X-Amz-Signature=****",
        "http://h/w?API_KEY=k&Password=p&pwd=p&client_secret=s&auth=a&cred=c&session=s|"
            + "http://h/w?API_KEY=****&Password=****&pwd=****&client_secret=****&auth=****&cred=****&session=****",
        "http://h/w?p&db=x&&u=|http://h/w?p&db=x&&u=****",
        "http://h/w?pp=1&up=2&db=p|http://h/w?pp=1&up=2&db=p",
        "http://h/w?=token|http://h/w?=token",
        "http://alice:pw@h/w?p=pw#frag|http://alice:****@h/w?p=****#frag",
        "http://h/w?db=x#p=1|http://h/w?db=x#p=1",
        "not a url?p=1|not a url?p=1",
      })
  void queryCredentialsAreMasked(String url, String shown) {
    assertThat(Config.shown(ExampleProvider.URL, url)).isEqualTo(shown);
    assertThat(Config.of(Map.of(ExampleProvider.URL, url)).toString()).contains(shown);
  }
}
