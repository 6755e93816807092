package dev.trawl.runtime.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FingerprintSetTest {

  @Test
  void addsEachDistinctStringOnce() {
    FingerprintSet set = new FingerprintSet();

    List<Boolean> added = new ArrayList<>();
    for (String s : List.of("http://a/", "http://b/", "http://a/", "", "http://b/", "")) {
      added.add(set.add(s));
    }

    assertThat(added).containsExactly(true, true, false, true, false, false);
    assertThat(set.size()).isEqualTo(3);
  }

  @Test
  void keepsEveryStringWhileGrowing() {
    FingerprintSet set = new FingerprintSet();

    int newOnFirstPass = 0;
    for (int i = 0; i < 100_000; i++) {
      newOnFirstPass += set.add("http://host-" + (i % 97) + ".example/page-" + i) ? 1 : 0;
    }
    int newOnSecondPass = 0;
    for (int i = 0; i < 100_000; i++) {
      newOnSecondPass += set.add("http://host-" + (i % 97) + ".example/page-" + i) ? 1 : 0;
    }

    assertThat(newOnFirstPass).isEqualTo(100_000);
    assertThat(newOnSecondPass).isZero();
    assertThat(set.size()).isEqualTo(100_000);
  }

  @Test
  void fingerprintsAreTheFirstEightBytesOfTheSha256OfTheUtf8Text() {
    // SHA-256 of "abc" (the FIPS 180-2 example) and of "é" in UTF-8, from sha256sum.
    assertThat(FingerprintSet.fingerprint("abc")).isEqualTo(0xba7816bf8f01cfeaL);
    assertThat(FingerprintSet.fingerprint("\u00e9")).isEqualTo(0x4a99557e4033c353L);
  }

  @Test
  void remembersEveryFingerprintZeroIncluded() {
    FingerprintSet set = new FingerprintSet();

    assertThat(List.of(set.add(0L), set.add(0L), set.add(-1L), set.add(-1L)))
        .containsExactly(true, false, true, false);
  }

  /** What a run asks of its sets: is everything expected there, and how much is not. */
  @Test
  void tellsWhetherAnotherSetIsContainedAndHowManyOfItAreMissing() {
    FingerprintSet expected = new FingerprintSet();
    FingerprintSet arrived = new FingerprintSet();
    for (int i = 0; i < 1_000; i++) {
      expected.add("http://a.example/" + i);
    }
    for (int i = 0; i < 990; i++) {
      arrived.add("http://a.example/" + i);
    }
    arrived.add("http://elsewhere.example/");

    assertThat(arrived.containsAll(expected)).isFalse();
    assertThat(arrived.missingFrom(expected)).isEqualTo(10);

    for (int i = 990; i < 1_000; i++) {
      arrived.add("http://a.example/" + i);
    }
    assertThat(arrived.containsAll(expected)).isTrue();
    assertThat(arrived.missingFrom(expected)).isZero();
    assertThat(expected.containsAll(arrived)).isFalse();

    FingerprintSet union = new FingerprintSet();
    union.addAll(expected);
    union.addAll(arrived);
    assertThat(union.size()).isEqualTo(1_001);
  }
}
