package dev.trawl.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ConfigCommandTest {

  @Test
  void readmeDocumentsEveryOptionOfEveryRoleWithItsCurrentDefault() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
    int begin = readme.indexOf("<!-- config:begin -->\n");
    int end = readme.indexOf("<!-- config:end -->");
    assertThat(begin).as("README has the config markers").isNotNegative();

    String documented = readme.substring(begin + "<!-- config:begin -->\n".length(), end);

    assertThat(documented)
        .as("README's configuration section; refresh it with ./trawl config")
        .isEqualTo(ConfigCommand.reference());
  }

  @Test
  void separatesTheEnvironmentAndDefaultFromTheMeaning() {
    assertThat(ConfigCommand.meaning("TCP connect timeout (env TRAWL_X, default 5000)."))
        .isEqualTo("TCP connect timeout.");
    assertThat(
            ConfigCommand.meaning(
                "User-Agent header (env TRAWL_Y, default trawl/0.1 (+https://x)) sent as is"))
        .isEqualTo("User-Agent header sent as is");
    assertThat(ConfigCommand.meaning("A | B")).isEqualTo("A \\| B");
  }
}
