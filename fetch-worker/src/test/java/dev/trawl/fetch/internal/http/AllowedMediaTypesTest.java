package dev.trawl.fetch.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class AllowedMediaTypesTest {

  private static Map<String, Boolean> allowed(AllowedMediaTypes types, String... headers) {
    return Arrays.stream(headers).collect(Collectors.toMap(Function.identity(), types::allows));
  }

  @Test
  void matchesTheMediaTypeIgnoringParametersAndCase() {
    AllowedMediaTypes types = AllowedMediaTypes.of(List.of("text/html", "application/xml"));

    assertThat(
            allowed(
                types,
                "text/html",
                "Text/HTML; charset=UTF-8",
                "application/xml",
                "application/xhtml+xml",
                "image/png",
                "text/plain"))
        .isEqualTo(
            Map.of(
                "text/html", true,
                "Text/HTML; charset=UTF-8", true,
                "application/xml", true,
                "application/xhtml+xml", false,
                "image/png", false,
                "text/plain", false));
  }

  @Test
  void matchesWildcards() {
    assertThat(allowed(AllowedMediaTypes.of(List.of("text/*")), "text/csv", "image/png"))
        .isEqualTo(Map.of("text/csv", true, "image/png", false));
    assertThat(AllowedMediaTypes.ANY.allows("application/octet-stream")).isTrue();
  }

  @Test
  void allowsAResponseWithoutContentType() {
    AllowedMediaTypes types = AllowedMediaTypes.of(List.of("text/html"));

    assertThat(types.allows(null)).isTrue();
    assertThat(types.allows(" ")).isTrue();
  }

  @Test
  void refusesValuesThatAreNotMediaTypes() {
    for (String bad : List.of("html", "text/", "/html", "text/html; charset=utf-8", "*/html")) {
      assertThatThrownBy(() -> AllowedMediaTypes.of(List.of(bad)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("'" + bad + "' is not a media type like text/html or text/*");
    }
  }
}
