package dev.trawl.cli;

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
}
