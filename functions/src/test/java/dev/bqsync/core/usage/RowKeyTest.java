package dev.bqsync.core.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bqsync.core.config.Lookback;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** RowKey, TimeKey, TieBreak and a time key's lookback window: order, texts and the edges of BigQuery's times. */
class RowKeyTest {
  private static TimeKey at(String instant, long tie) {
    return TimeKey.of(Instant.parse(instant), new TieBreak.Int(tie));
  }

  @Test
  void textsReadBackToTheSameKey() {
    for (String text : List.of("17", "-9223372036854775808", "99999999999999999999999999999999",
        "2026-11-23T10:15:30.123456Z#17", "2026-11-23T10:15:30.123456Z#-3", "2026-11-23T10:15:30.123456~a7f3",
        "2026-11-23T10:15:30.123456Z~with #, ~ and spaces", "2026-11-23T10:15:30.123456~", "1970-01-01T00:00:00.000000Z#0",
        "0001-01-01T00:00:00.000000Z#1", "9999-12-31T23:59:59.999999~z")) {
      assertThat(RowKey.parse(text).text()).as(text).isEqualTo(text);
    }
    assertThat(RowKey.parse("2026-11-23T10:15:30.123456~#17")).as("the first mark decides the tie-break's kind")
        .isEqualTo(new TimeKey(TimeKey.micros(Instant.parse("2026-11-23T10:15:30.123456Z")), false,
            new TieBreak.Text("#17")));
  }

  @Test
  void anythingElseIsNotAKey() {
    for (String text : List.of("", "1e3", " 8", "2026-11-23T10:15:30.123456Z", "2026-11-23T10:15:30.123Z#1",
        "2026-11-23T10:15:30.123456Z#x", "2026-11-23 10:15:30.123456Z#1", "2026-13-01T00:00:00.000000Z#1")) {
      assertThatThrownBy(() -> RowKey.parse(text)).as(text).isInstanceOf(RuntimeException.class);
    }
  }

  @Test
  void aTimeKeyShowsSixFractionDigitsAndItsZone() {
    assertThat(at("2026-11-23T10:15:30Z", 17).text()).isEqualTo("2026-11-23T10:15:30.000000Z#17");
    assertThat(TimeKey.of(LocalDateTime.parse("2026-11-23T10:15:30.123456"), new TieBreak.Text("a7f3")).text())
        .as("a DATETIME has no zone").isEqualTo("2026-11-23T10:15:30.123456~a7f3");
    assertThat(at("1970-01-01T00:00:00Z", 0).micros()).isZero();
    assertThat(new TimeKey(-1, true, new TieBreak.Int(0)).text()).as("just before the epoch")
        .isEqualTo("1969-12-31T23:59:59.999999Z#0");
    assertThat(new TimeKey(TimeKey.MIN_MICROS, true, new TieBreak.Int(0)).timeText())
        .isEqualTo("0001-01-01T00:00:00.000000Z");
    assertThat(new TimeKey(TimeKey.MAX_MICROS, false, new TieBreak.Int(0)).timeText())
        .isEqualTo("9999-12-31T23:59:59.999999");
    assertThat(TimeKey.MIN_MICROS).isEqualTo(TimeKey.micros(Instant.parse("0001-01-01T00:00:00Z")));
    assertThat(TimeKey.MAX_MICROS).isEqualTo(TimeKey.micros(Instant.parse("9999-12-31T23:59:59.999999Z")));
  }

  @Test
  void aTimeOutsideBigQuerysRangeOrFinerThanAMicrosecondIsNoKey() {
    TieBreak tie = new TieBreak.Int(1);
    assertThatThrownBy(() -> new TimeKey(TimeKey.MIN_MICROS - 1, true, tie)).hasMessageContaining("0001-01-01");
    assertThatThrownBy(() -> new TimeKey(TimeKey.MAX_MICROS + 1, true, tie)).hasMessageContaining("9999-12-31");
    assertThatThrownBy(() -> TimeKey.of(Instant.parse("2026-11-23T10:15:30.1234567Z"), tie))
        .hasMessageContaining("finer than a microsecond");
    assertThatThrownBy(() -> new TimeKey(0, true, null)).hasMessageContaining("tie-break");
  }

  @Test
  void keysOrderByTimeThenTieBreakAsBigQueryOrdersThem() {
    List<RowKey> keys = new ArrayList<>(List.of(at("2026-11-23T10:15:30.123457Z", 0),
        at("2026-11-23T10:15:30.123456Z", 100), at("2026-11-23T10:15:30.123456Z", 17),
        at("2026-11-23T10:15:30.123455Z", 999), at("1969-12-31T23:59:59.999999Z", 5)));
    keys.sort(null);
    assertThat(keys).extracting(RowKey::text).containsExactly("1969-12-31T23:59:59.999999Z#5",
        "2026-11-23T10:15:30.123455Z#999", "2026-11-23T10:15:30.123456Z#17", "2026-11-23T10:15:30.123456Z#100",
        "2026-11-23T10:15:30.123457Z#0");
    assertThat(NumberKey.of(9).compareTo(NumberKey.of(10))).isNegative();
  }

  @Test
  void textTieBreaksOrderByCodePointNotByJavaChars() {
    TieBreak bmp = new TieBreak.Text("\uFFFF");
    TieBreak astral = new TieBreak.Text("\uD83D\uDE00"); // U+1F600, above U+FFFF though its first char is lower
    assertThat("\uFFFF".compareTo("\uD83D\uDE00")).as("Java's char order differs").isPositive();
    assertThat(bmp.compareTo(astral)).isNegative();
    assertThat(new TieBreak.Text("B").compareTo(new TieBreak.Text("a"))).isNegative();
    assertThat(new TieBreak.Text("a").compareTo(new TieBreak.Text("ab"))).isNegative();
    assertThat(new TieBreak.Text("").compareTo(new TieBreak.Text("a"))).isNegative();
    assertThat(new TieBreak.Int(17).compareTo(new TieBreak.Int(100))).as("numbers by value").isNegative();
    assertThat(new TieBreak.Text("17").compareTo(new TieBreak.Text("100"))).as("texts by text").isPositive();
  }

  @Test
  void aTimeKeysRowIsReadFromTheWarehousesValues() {
    assertThat(UsageKey.parse(Instant.parse("2026-11-23T10:15:30.123456Z"), 17L, "seq"))
        .isEqualTo(new UsageKey.Valid(at("2026-11-23T10:15:30.123456Z", 17)));
    assertThat(UsageKey.parse(LocalDateTime.parse("2026-11-23T10:15:30.123456"), "a", "ref"))
        .extracting(p -> ((UsageKey.Valid) p).key().text()).isEqualTo("2026-11-23T10:15:30.123456~a");
    assertThat(UsageKey.parse(null, 1L, "seq")).isEqualTo(new UsageKey.Invalid(RejectionReason.NULL_KEY, "key is null"));
    assertThat(UsageKey.parse(Instant.EPOCH, null, "seq"))
        .isEqualTo(new UsageKey.Invalid(RejectionReason.NULL_KEY, "tie-break seq is null"));
    assertThat(UsageKey.parse(Instant.EPOCH, 1.5, "seq")).isInstanceOf(UsageKey.Invalid.class);
    assertThat(UsageKey.parse(Instant.EPOCH, "a/b", "ref")).isInstanceOfSatisfying(UsageKey.Invalid.class,
        i -> assertThat(i.reason()).isEqualTo(RejectionReason.KEY_NOT_AN_ID));
    assertThat(UsageKey.parse(Instant.EPOCH, "x".repeat(TieBreak.MAX_TEXT_BYTES + 1), "ref"))
        .isInstanceOfSatisfying(UsageKey.Invalid.class, i -> assertThat(i.detail()).contains("longer than 1024 bytes"));
    assertThat(UsageKey.parse(Instant.EPOCH, "x".repeat(TieBreak.MAX_TEXT_BYTES), "ref")).isInstanceOf(UsageKey.Valid.class);
    assertThat(UsageKey.parse(Instant.parse("2026-11-23T10:15:30.1234567Z"), 1L, "seq"))
        .isInstanceOfSatisfying(UsageKey.Invalid.class, i -> assertThat(i.detail()).contains("finer than a microsecond"));
    assertThat(UsageKey.parse(17L, 1L, "seq")).isInstanceOfSatisfying(UsageKey.Invalid.class,
        i -> assertThat(i.detail()).contains("where a TIMESTAMP or DATETIME was expected"));
  }

  @Test
  void aLookbackSpanStartsAtTheCursorsTimeLessTheSpanInclusive() {
    TimeKey cursor = at("2026-11-23T10:20:00Z", 1);
    assertThat(KeyWindow.start(cursor, Lookback.NONE, ColumnType.TIMESTAMP)).contains(new KeyWindow.After(cursor));
    assertThat(KeyWindow.start(cursor, new Lookback.Span(Duration.ZERO), ColumnType.TIMESTAMP))
        .as("PT0S is no lookback").contains(new KeyWindow.After(cursor));
    assertThat(KeyWindow.start(cursor, new Lookback.Span(Duration.ofMinutes(10)), ColumnType.TIMESTAMP))
        .contains(new KeyWindow.AtOrAfter(TimeKey.micros(Instant.parse("2026-11-23T10:10:00Z")), true));
    assertThat(KeyWindow.start(null, new Lookback.Span(Duration.ofMinutes(10)), ColumnType.TIMESTAMP)).isEmpty();
  }

  @Test
  void aLookbackSpanReachingYearOneReadsFromTheFirstKey() {
    TimeKey nearTheStart = new TimeKey(TimeKey.MIN_MICROS + 1_000_000, false, new TieBreak.Int(0));
    assertThat(KeyWindow.start(nearTheStart, new Lookback.Span(Duration.ofSeconds(1)), ColumnType.DATETIME))
        .as("exactly year 1: every key is at or after it").isEmpty();
    assertThat(KeyWindow.start(nearTheStart, new Lookback.Span(Lookback.MAX_SPAN), ColumnType.DATETIME)).isEmpty();
    assertThat(KeyWindow.start(nearTheStart, new Lookback.Span(Duration.ofNanos(999_000)), ColumnType.DATETIME))
        .contains(new KeyWindow.AtOrAfter(TimeKey.MIN_MICROS + 1_000_000 - 999, false));
    TimeKey last = new TimeKey(TimeKey.MAX_MICROS, true, new TieBreak.Int(Long.MAX_VALUE));
    assertThat(KeyWindow.start(last, new Lookback.Span(Lookback.MAX_SPAN), ColumnType.TIMESTAMP))
        .contains(new KeyWindow.AtOrAfter(TimeKey.MAX_MICROS - Duration.ofDays(31).toNanos() / 1000, true));
  }

  @Test
  void aLookbackOfTheOtherFormDoesNotFitTheCursor() {
    assertThatThrownBy(() -> KeyWindow.start(NumberKey.of(5), new Lookback.Span(Duration.ofMinutes(1)), ColumnType.INT64))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KeyWindow.start(at("2026-11-23T10:20:00Z", 1), new Lookback.Keys(5), ColumnType.TIMESTAMP))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aSpanIsWholeMicrosecondsUpToAMonth() {
    assertThat(new Lookback.Span(Duration.ofMinutes(10)).micros()).isEqualTo(600_000_000L);
    assertThat(new Lookback.Span(Duration.ofNanos(1_000)).micros()).isEqualTo(1);
    assertThat(new Lookback.Span(Lookback.MAX_SPAN).micros()).isEqualTo(31L * 86_400 * 1_000_000);
    for (Duration bad : List.of(Duration.ofNanos(1), Duration.ofDays(31).plusNanos(1000), Duration.ofSeconds(-1))) {
      assertThatThrownBy(() -> new Lookback.Span(bad)).as(bad.toString()).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void aCursorOfTheWrongKindSaysHowToReset() {
    KeyColumns stamped = new KeyColumns("event_at", ColumnType.TIMESTAMP, "seq", ColumnType.INT64);
    assertThat(stamped.misfit(null, "acme", "logins")).isEmpty();
    assertThat(stamped.misfit(at("2026-11-23T10:20:00Z", 1), "acme", "logins")).isEmpty();
    assertThat(stamped.misfit(NumberKey.of(2), "acme", "logins")).hasValueSatisfying(m -> assertThat(m)
        .contains("the cursor is at 2, which does not fit key column 'event_at' (TIMESTAMP, tie-break seq INT64)")
        .contains("bqsync cursor reset --recreated --tenant acme --section logins"));
    assertThat(stamped.misfit(new TimeKey(0, false, new TieBreak.Int(1)), "acme", "logins"))
        .as("a DATETIME cursor on a TIMESTAMP key").isPresent();
    assertThat(stamped.misfit(new TimeKey(0, true, new TieBreak.Text("1")), "acme", "logins"))
        .as("a STRING tie-break cursor on an INT64 tie-break").isPresent();
    assertThat(KeyColumns.number("id", ColumnType.INT64).misfit(at("2026-11-23T10:20:00Z", 1), "acme", "logins"))
        .isPresent();
    assertThat(KeyColumns.number("id", ColumnType.INT64).misfit(NumberKey.of(1), "acme", "logins"))
        .isEqualTo(Optional.empty());
  }
}
