package dev.trawl.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UrlValidatorTest {

  private final UrlValidator validator = new UrlValidator();

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiterString = " => ",
      quoteCharacter = '\'',
      value = {
        "http://Example.COM => http://example.com/ => example.com",
        "HTTP://EXAMPLE.com:80/a/./b/../c?b=2&a=1#frag => http://example.com/a/c?a=1&b=2 => example.com",
        "https://example.com:443/ => https://example.com/ => example.com",
        "https://Example.com:8443/x => https://example.com:8443/x => example.com",
        "http://example.com/index.html#section => http://example.com/index.html => example.com",
        "http://example.com/a/b/../../../c => http://example.com/c => example.com",
        "http://example.com//a//b => http://example.com/a/b => example.com",
        "http://example.com/a%7eb/%41%2f => http://example.com/a~b/A%2F => example.com",
        "http://example.com/a|b => http://example.com/a%7Cb => example.com",
        "http://example.com?x=1 => http://example.com/?x=1 => example.com",
        "http://example.com/a?x=1&&y=&z => http://example.com/a?x=1&y&z => example.com",
        "http://example.com/search? => http://example.com/search => example.com",
        "http://user:secret@example.com/x => http://example.com/x => example.com",
        "http://example.com./x => http://example.com/x => example.com",
        "http://my_host.example.com/x => http://my_host.example.com/x => my_host.example.com",
        "http://例え.jp/パス => http://xn--r8jz45g.jp/%E3%83%91%E3%82%B9 => xn--r8jz45g.jp",
        "http://127.0.0.1:8080/page => http://127.0.0.1:8080/page => 127.0.0.1",
        "http://[::1]:8080/ => http://[::1]:8080/ => [::1]",
        "http://[2001:db8::1]/ => http://[2001:db8::1]/ => [2001:db8::1]",
        "HTTPS://user@[2001:DB8:0:0::1]:443/a/../b?b=2&a=1 => https://[2001:db8::1]/b?a=1&b=2 => [2001:db8::1]",
        "http://[::FFFF:10.0.0.1] => http://[::ffff:10.0.0.1]/ => [::ffff:10.0.0.1]",
        "'  http://example.com/padded\t' => http://example.com/padded => example.com",
      })
  void acceptsHttpUrlsInNormalForm(String line, String url, String host) {
    assertThat(validator.check(line)).isEqualTo(new UrlCheck.Accepted(url, host));
  }

  @ParameterizedTest(name = "{0} -> {2}")
  @CsvSource(
      delimiterString = " => ",
      quoteCharacter = '\'',
      value = {
        "ftp://example.com/file => UNSUPPORTED_SCHEME => 'unsupported scheme \"ftp\" (only http and https)'",
        "FTP://example.com/file => UNSUPPORTED_SCHEME => 'unsupported scheme \"FTP\" (only http and https)'",
        "mailto:someone@example.com => UNSUPPORTED_SCHEME => 'unsupported scheme \"mailto\" (only http and https)'",
        "javascript:alert(1) => UNSUPPORTED_SCHEME => 'unsupported scheme \"javascript\" (only http and https)'",
        "http:///x => NO_HOST => no host",
        "http:foo => NO_HOST => no host",
        "https://user@/x => NO_HOST => no host",
        "http:// => NOT_A_URL => not a URL: Expected authority at index 7",
        "http://[::1/x => NOT_A_URL => not a URL: Expected closing bracket for IPv6 address at index 11",
        "http://[fe80::1%25eth0]:8080/ => NOT_A_URL => not a URL: the host in brackets is not an IPv6 address without zone",
        "http://[127.0.0.1]/ => NOT_A_URL => not a URL: Malformed IPv6 address at index 8",
        "http://example.com:abc/ => NOT_A_URL => 'not a URL: Error at index 0 in: \"abc\"'",
        "example.com/page => NO_SCHEME => no scheme (only absolute http and https URLs)",
        "//example.com/page => NO_SCHEME => no scheme (only absolute http and https URLs)",
        "http://exa<mple>.com/ => NOT_A_URL => not a URL: Illegal character in authority at index 7",
        "http://%zz/ => NOT_A_URL => not a URL: Malformed escape pair at index 7",
        "%%garbage%% => NO_SCHEME => no scheme (only absolute http and https URLs)",
        "http://example.com/a b => ILLEGAL_CHARACTER => whitespace or control character at index 20 (U+0020)",
        "'  http://exa mple.com/' => ILLEGAL_CHARACTER => whitespace or control character at index 12 (U+0020)",
        "'http://example.com/\ta' => ILLEGAL_CHARACTER => whitespace or control character at index 19 (U+0009)",
        "'http://example.com/\u00A0' => ILLEGAL_CHARACTER => whitespace or control character at index 19 (U+00A0)",
        "'http://example.com/\u0007' => ILLEGAL_CHARACTER => whitespace or control character at index 19 (U+0007)",
      })
  void rejectsWithAReasonAndAnExactMessage(String line, RejectReason reason, String message) {
    assertThat(validator.check(line)).isEqualTo(new UrlCheck.Rejected(reason, message));
  }

  /** Host syntax is not checked beyond "present": such URLs fail at fetch time (to the DLQ). */
  @Test
  void acceptsMalformedHostsTheNormaliserLetsThrough() {
    assertThat(validator.check("http://.../x"))
        .isEqualTo(new UrlCheck.Accepted("http://../x", ".."));
    assertThat(validator.check("http://example.com:99999/"))
        .isEqualTo(new UrlCheck.Accepted("http://example.com:99999/", "example.com"));
  }

  @Test
  void rejectsUrlsLongerThanTheMaximum() {
    UrlValidator short40 = new UrlValidator(40);
    String longest = "http://example.com/" + "a".repeat(40 - 19);
    String tooLong = "http://example.com/" + "a".repeat(43 - 19);

    assertThat(short40.check(longest)).isEqualTo(new UrlCheck.Accepted(longest, "example.com"));
    assertThat(short40.check(tooLong))
        .isEqualTo(new UrlCheck.Rejected(RejectReason.TOO_LONG, "longer than 40 characters (43)"));
  }

  @Test
  void rejectsUrlsThatNormalisationMakesTooLong() {
    UrlValidator short30 = new UrlValidator(30);

    assertThat(short30.check("http://example.com/a|b|c|d"))
        .isEqualTo(new UrlCheck.Rejected(RejectReason.TOO_LONG, "longer than 30 characters (32)"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "\t", "#", "# a comment", "   # an indented comment"})
  void skipsBlankLinesAndComments(String line) {
    assertThat(validator.check(line)).isEqualTo(new UrlCheck.Skipped());
  }

  @Test
  void refusesAMaximumLengthBelowOne() {
    assertThatThrownBy(() -> new UrlValidator(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxLength must be at least 1, not 0");
  }

  @Test
  void rejectsExactlyTheUnicodeWhitespaceAndControlCharacters() {
    for (char c = 0; c < 0x3000 + 1; c++) {
      boolean illegal =
          Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c);
      UrlCheck check = validator.check("http://example.com/a" + c + "b");
      boolean rejected =
          check instanceof UrlCheck.Rejected r && r.reason() == RejectReason.ILLEGAL_CHARACTER;
      assertThat(rejected).as("U+%04X", (int) c).isEqualTo(illegal);
    }
  }

  @Test
  void findsTheSchemeExactlyAsTheRfc3986Pattern() {
    Pattern scheme = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*):");
    String alphabet = "aZ09+.-:/_é%";
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < 20_000; i++) {
      StringBuilder line = new StringBuilder();
      int length = 1 + random.nextInt(8);
      for (int k = 0; k < length; k++) {
        line.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      UrlCheck check = validator.check(line.toString());
      boolean noScheme =
          check instanceof UrlCheck.Rejected r && r.reason() == RejectReason.NO_SCHEME;
      assertThat(noScheme).as(line.toString()).isEqualTo(!scheme.matcher(line).find());
    }
  }
}
